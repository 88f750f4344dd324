import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BenchmarkResults } from '../../harness/results.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe('comparing two real benchmarks', () => {
  let stopServer: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-compare-test-'));
  const first = join(scratch, 'first');
  const second = join(scratch, 'second');
  // Small and quick; wall time on a shared CI machine is noisy, so the time threshold is wide here.
  const benchArgs = ['bench', '--rows', '600', '--repeat', '3', '--libraries', 'pg', '--strategies', 'server-cursor,keyset', '--batch-size', '100'];
  const wideTime = ['--max-time-regression', '200'];

  before(async () => {
    const started = await startTestServer();
    stopServer = started.stop;
    env = { DATABASE_URL: started.server.adminUrl };
    for (const out of [first, second]) {
      const outcome = await runCli([...benchArgs, '--out', out], { env });
      assert.equal(outcome.code, 0, outcome.stderr);
    }
  });
  after(async () => {
    await stopServer();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the same benchmark twice is unchanged, exit 0', async () => {
    const outcome = await runCli(['compare', join(first, 'results.json'), join(second, 'results.json'), ...wideTime, '--markdown', join(scratch, 'compare.md')]);
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.match(outcome.stdout, /pg\/server-cursor\s+│ unchanged/);
    assert.match(outcome.stdout, /pg\/keyset\s+│ unchanged/);
    assert.match(readFileSync(join(scratch, 'compare.md'), 'utf8'), /\| `?backfill\/pg\/keyset`? \| unchanged/);
  });

  test('against a doctored baseline with half the memory: regressed, exit 1', async () => {
    const baseline = JSON.parse(readFileSync(join(first, 'results.json'), 'utf8')) as BenchmarkResults;
    for (const run of baseline.runs) {
      if (run.peakRssBytes !== null) run.peakRssBytes = Math.round(run.peakRssBytes / 2);
    }
    const doctored = join(scratch, 'doctored.json');
    writeFileSync(doctored, JSON.stringify(baseline));
    const outcome = await runCli(['compare', doctored, join(second, 'results.json'), ...wideTime]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.match(outcome.stdout, /pg\/server-cursor\s+│ regressed/);
    assert.match(outcome.stdout, /pg\/keyset\s+│ regressed/);
  });

  test('bench --baseline fails on a regression and shows the comparison in the report', async () => {
    const baseline = JSON.parse(readFileSync(join(first, 'results.json'), 'utf8')) as BenchmarkResults;
    for (const run of baseline.runs) {
      if (run.peakRssBytes !== null) run.peakRssBytes = Math.round(run.peakRssBytes / 2);
    }
    const doctored = join(scratch, 'doctored-for-bench.json');
    writeFileSync(doctored, JSON.stringify(baseline));
    const out = join(scratch, 'third');
    const history = join(scratch, 'history.jsonl');
    const outcome = await runCli([...benchArgs, '--repeat', '1', '--out', out, '--baseline', doctored, ...wideTime, '--history', history], { env });
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stderr, /Regression against/);
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /regressed/);
    assert.equal(readFileSync(history, 'utf8').trim().split('\n').length, 1, 'one history line per benchmark');
  });

  test('a missing baseline is a one-line error, exit 2, before any measuring', async () => {
    const outcome = await runCli([...benchArgs, '--out', join(scratch, 'never'), '--baseline', join(scratch, 'nope.json')], { env });
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stderr.trim().split('\n').length, 1, outcome.stderr);
    assert.match(outcome.stderr, /No such results file/);
  });
});
