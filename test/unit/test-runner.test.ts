import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/** scripts/run-tests.mjs, three folders up from dist/test/unit. */
const runner = fileURLToPath(new URL('../../../scripts/run-tests.mjs', import.meta.url));

const GOOD = "import { test } from 'node:test';\ntest('adds', () => { if (1 + 1 !== 2) throw new Error('no'); });\n";

/** Runs the test runner on a folder holding `files` (name → source). */
function runOn(files: Record<string, string>): { code: number | null; stderr: string } {
  const folder = mkdtempSync(join(tmpdir(), 'rowmeter-runner-test-'));
  try {
    for (const [name, source] of Object.entries(files)) writeFileSync(join(folder, name), source);
    const result = spawnSync(process.execPath, [runner, folder], { encoding: 'utf8' });
    return { code: result.status, stderr: result.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('the test command (scripts/run-tests.mjs)', () => {
  it('passes when every file registers tests and they pass', () => {
    const outcome = runOn({ 'a.test.mjs': GOOD, 'b.test.mjs': GOOD });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stderr, /run-tests: 2 test files, every one registered tests/);
  });

  it('fails when a file exits 0 before registering any test (node --test alone counts it as passing)', () => {
    const outcome = runOn({ 'a.test.mjs': GOOD, 'early.test.mjs': 'process.exit(0);\n' });
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /run-tests: 1 of 2 test files registered no test .*: .*early\.test\.mjs$/m);
  });

  it('fails when a file holds no test at all', () => {
    const outcome = runOn({ 'a.test.mjs': GOOD, 'empty.test.mjs': "console.log('nothing');\n" });
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /empty\.test\.mjs/);
  });

  it('fails when a file throws while loading', () => {
    const outcome = runOn({ 'a.test.mjs': GOOD, 'broken.test.mjs': "throw new Error('at import');\n" });
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /broken\.test\.mjs/);
  });

  it('fails when a test fails, and when there is no test file at all', () => {
    assert.notEqual(runOn({ 'a.test.mjs': "import { test } from 'node:test';\ntest('fails', () => { throw new Error('x'); });\n" }).code, 0);
    const none = runOn({});
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no test files under/);
  });
});
