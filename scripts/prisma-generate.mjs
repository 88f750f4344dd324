#!/usr/bin/env node
/**
 * Generates the Prisma client for the prisma/* scenarios (scenarios/libraries/prisma/schema.prisma →
 * scenarios/libraries/prisma/generated, compiled by tsc with the rest), offline and only when needed.
 *
 * Idempotent: regenerates only when the output is missing or the schema, the prisma CLI
 * version or the @prisma/client version changed since the last generation (a stamp file in the
 * output directory records them). Never needs a database: the schema has no `url`.
 *
 * Offline: the prisma CLI (7.x) downloads the schema engine before running *any* command,
 * `generate` and `--help` included, although generate never runs it (the prisma-client
 * generator works from the Wasm bundled in the CLI). The documented environment variable
 * PRISMA_SCHEMA_ENGINE_BINARY points the CLI at a custom schema engine; when that path exists
 * the CLI skips the download (@prisma/fetch-engine: binaryNeedsToBeDownloaded returns false for
 * an existing env-var path, and the job is filtered out of the downloads). Since generate never
 * executes it, any existing file will do: a real engine if one is installed, else this script.
 * The install scripts of `prisma` and `@prisma/engines` (which download engines) stay denied in
 * package.json `allowScripts`.
 *
 * Usage: node scripts/prisma-generate.mjs [--force]
 * Exit code 0 when the client is up to date, 1 with a one-line reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptPath = fileURLToPath(import.meta.url);
const root = dirname(dirname(scriptPath));
const schemaPath = join(root, 'scenarios', 'libraries', 'prisma', 'schema.prisma');
const outputDir = join(root, 'scenarios', 'libraries', 'prisma', 'generated');
const stampPath = join(outputDir, '.rowmeter-generate.json');
const require = createRequire(join(root, 'package.json'));

function fail(reason) {
  console.error(`prisma-generate: ${reason}`);
  process.exit(1);
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return fail(`cannot find the ${name} package (run npm install)`);
  }
}

if (!existsSync(schemaPath)) fail(`no schema at ${relative(root, schemaPath)}`);

const cliPackagePath = require.resolve('prisma/package.json');
const cliPath = join(dirname(cliPackagePath), JSON.parse(readFileSync(cliPackagePath, 'utf8')).bin.prisma);
const stamp = {
  schemaSha256: createHash('sha256').update(readFileSync(schemaPath)).digest('hex'),
  prisma: packageVersion('prisma'),
  prismaClient: packageVersion('@prisma/client'),
};

function upToDate() {
  if (!existsSync(join(outputDir, 'client.ts'))) return false;
  try {
    const previous = JSON.parse(readFileSync(stampPath, 'utf8'));
    return Object.entries(stamp).every(([key, value]) => previous[key] === value);
  } catch {
    return false;
  }
}

if (!process.argv.includes('--force') && upToDate()) process.exit(0);

/** An existing path for PRISMA_SCHEMA_ENGINE_BINARY (see the header): never executed by generate. */
function schemaEnginePath() {
  const given = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (given && existsSync(given)) return given;
  return scriptPath;
}

rmSync(stampPath, { force: true });
const result = spawnSync(process.execPath, [cliPath, 'generate', '--schema', relative(root, schemaPath)], {
  cwd: root,
  encoding: 'utf8',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEnginePath(),
    // Documented switches that keep the CLI off the network: no telemetry/update check,
    // no update banner, no auto-install of missing packages.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
  },
});
if (result.error) fail(`could not run the prisma CLI: ${result.error.message}`);
if (result.status !== 0 || !existsSync(join(outputDir, 'client.ts'))) {
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  // Prefer the detailed schema error (`error: …` and its `-->  file:line`) over the headline.
  const detail = lines.find((line) => line.startsWith('error:'));
  const where = lines.find((line) => line.startsWith('-->'))?.replace(/^-->\s*/, '');
  const headline = lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? `exit code ${result.status}`;
  fail(`prisma generate failed: ${detail ? `${detail}${where ? ` (${where})` : ''}` : headline}`);
}
writeFileSync(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
console.log(`prisma-generate: generated ${relative(root, outputDir)} (prisma ${stamp.prisma})`);
