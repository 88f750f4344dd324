#!/usr/bin/env node
/**
 * Runs the compiled tests under the given folders with `node --test` and fails when the suite
 * could pass without testing: a file that registered no test (it exited early, or holds none),
 * or a file found that never reported at all. Otherwise the exit code is node --test's own.
 *
 *   node scripts/run-tests.mjs dist/test            (npm test)
 *   node scripts/run-tests.mjs dist/test/unit       (npm run test:unit)
 *   node scripts/run-tests.mjs dist/test/integration/cli.test.js   (one file)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every `*.test.js` under `folder` (or `folder` itself, when it is a test file), sorted. */
export function testFiles(folder) {
  if (statSync(folder).isFile()) return [resolve(folder)];
  const found = [];
  const walk = (directory) => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.js') || name.endsWith('.test.mjs')) found.push(resolve(path));
    }
  };
  walk(folder);
  return found;
}

/** Files that registered no test of their own, from the reporter's lines. */
export function silentFiles(files, reportLines) {
  const tests = new Map(files.map((file) => [file, 0]));
  for (const line of reportLines) {
    if (line.trim() === '') continue;
    const { file, name } = JSON.parse(line);
    // Node reports each file as a test named after the file: that one proves nothing.
    if (file && name !== file && tests.has(file)) tests.set(file, tests.get(file) + 1);
  }
  return files.filter((file) => tests.get(file) === 0);
}

async function main(folders) {
  if (folders.length === 0) folders = ['dist/test'];
  const files = folders.flatMap(testFiles);
  if (files.length === 0) {
    console.error(`run-tests: no test files under ${folders.join(', ')} (run \`npm run build\` first)`);
    return 1;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-test-run-'));
  const report = join(scratch, 'tests.jsonl');
  const reporter = fileURLToPath(new URL('./test-file-reporter.mjs', import.meta.url));
  try {
    const code = await new Promise((resolveCode) => {
      const child = spawn(
        process.execPath,
        ['--test', '--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=${reporter}`, `--test-reporter-destination=${report}`, ...files],
        // A node --test child carries NODE_TEST_CONTEXT, which makes a nested node --test skip
        // every file: this runner starts a fresh run wherever it is called from.
        { stdio: 'inherit', env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT')) },
      );
      child.on('close', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)));
    });
    const lines = (() => {
      try {
        return readFileSync(report, 'utf8').split('\n');
      } catch {
        return [];
      }
    })();
    const silent = silentFiles(files, lines);
    if (silent.length > 0) {
      console.error(`run-tests: ${silent.length} of ${files.length} test files registered no test (exited early, failed to load, or hold none): ${silent.map((file) => relative(process.cwd(), file)).join(', ')}`);
      return 1;
    }
    console.error(`run-tests: ${files.length} test files, every one registered tests`);
    return code;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
