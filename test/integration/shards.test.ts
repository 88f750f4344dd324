/**
 * Shards for real: a benchmark split three ways with `--shard i/3`, each shard its own CLI
 * process against a real server, merged with `rowmeter merge`, gives the same cells, sizes,
 * repeats and statuses as the same benchmark unsharded; missing, duplicated and mismatched
 * shards are refused in one line with exit 2.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BenchmarkResults } from '../../harness/results.js';
import { checkDurations } from '../../harness/store/durations.js';
import { checkResults } from '../../harness/store/store.js';
import { runCli, type CliOutcome } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

const COMMON = ['--rows', '1000,2000', '--libraries', 'pg', '--strategies', 'set-based,keyset,narrow,iterator-bulk,server-cursor', '--repeat', '2'];

function resultsIn(folder: string): BenchmarkResults {
  return checkResults(JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')), folder);
}

/** What must be the same whether sharded or not: which cell, size and repeat, and how it ended. */
function runKeys(results: BenchmarkResults): string[] {
  return results.runs.map((run) => `${run.scenarioId}@${run.tableRows}#${run.repeat}:${run.status}`);
}

function assertOneLineRefusal(outcome: CliOutcome, pattern: RegExp): void {
  assert.equal(outcome.code, 2, `exit 2 expected, stderr: ${outcome.stderr}`);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(lines[0]!, pattern);
}

describe('shards merged give the unsharded benchmark', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-shards-test-'));
  let stopServer: () => Promise<void>;
  let url = '';
  const whole = join(scratch, 'whole');
  const shard = (index: number) => join(scratch, `shard-${index}`);

  before(async () => {
    const started = await startTestServer();
    stopServer = started.stop;
    url = started.server.adminUrl;
    const unsharded = await runCli(['bench', ...COMMON, '--database-url', url, '--out', whole]);
    assert.equal(unsharded.code, 0, unsharded.stderr);
    for (const index of [1, 2, 3]) {
      const outcome = await runCli(['bench', ...COMMON, '--database-url', url, '--shard', `${index}/3`, '--durations', join(whole, 'durations.json'), '--out', shard(index)]);
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.match(outcome.stderr, new RegExp(`Shard ${index}/3: \\d+ of 10 cells, expected .* \\(split by expected duration: recorded durations in .*durations\\.json for 10 of 10 cells\\)`));
    }
  });
  after(async () => {
    await stopServer();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('every benchmark writes durations.json with every cell at every size', () => {
    const durations = checkDurations(JSON.parse(readFileSync(join(whole, 'durations.json'), 'utf8')), 'durations.json');
    assert.equal(Object.keys(durations.units).length, 10);
    for (const unit of Object.values(durations.units)) {
      assert.equal(unit.runs, 2);
      assert.ok(unit.runMs > 0);
    }
    assert.ok(resultsIn(whole).runs.every((run) => typeof run.overheadMs === 'number' && run.overheadMs > 0 && run.shard === undefined));
  });

  test('the shards are a partition of the work, each run marked with its shard', () => {
    const seen = new Map<string, number>();
    for (const index of [1, 2, 3]) {
      const results = resultsIn(shard(index));
      assert.equal(results.context.shard?.index, index);
      assert.ok(results.runs.every((run) => run.shard === index));
      for (const run of results.runs) {
        const unit = `${run.scenarioId}@${run.tableRows}`;
        assert.ok(!seen.has(unit) || seen.get(unit) === index, `${unit} in shards ${seen.get(unit)} and ${index}`);
        seen.set(unit, index);
      }
    }
    assert.equal(seen.size, 10);
  });

  test('merge gives the same runs and statuses, growth and reports as the unsharded run', async () => {
    const out = join(scratch, 'merged');
    const outcome = await runCli(['merge', shard(3), shard(1), shard(2), '--out', out]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, new RegExp(`Merged 3 of 3 shards \\(${resultsIn(whole).runs.length} runs\\)`));
    assert.equal(resultsIn(whole).runs.length, 20, '5 cells × 2 sizes × 2 repeats');
    const merged = resultsIn(out);
    assert.deepEqual(runKeys(merged), runKeys(resultsIn(whole)));
    assert.deepEqual(
      merged.growth.map((entry) => `${entry.scenarioId}:${entry.metric}`),
      resultsIn(whole).growth.map((entry) => `${entry.scenarioId}:${entry.metric}`),
    );
    assert.equal(merged.context.merged?.count, 3);
    assert.equal(merged.context.merged?.differentMachines, false);
    for (const file of ['report.html', 'summary.md', 'runs.csv', 'durations.json']) assert.ok(existsSync(join(out, file)), file);
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /Merged from 3 of 3 shards\./);
  });

  test('a missing shard is named with its cells; --allow-partial merges the rest, marked incomplete, exit 1', async () => {
    const missingCells = resultsIn(shard(1)).context.shard!.units.filter((unit) => unit.shard === 2).map((unit) => unit.key);
    const refused = await runCli(['merge', shard(1), shard(3), '--out', join(scratch, 'partial')]);
    assertOneLineRefusal(refused, new RegExp(`^rowmeter: shard 2/3 missing: cells ${missingCells.join(', ')} \\(add --allow-partial`));
    assert.ok(!existsSync(join(scratch, 'partial', 'results.json')));
    const partial = await runCli(['merge', shard(1), shard(3), '--out', join(scratch, 'partial'), '--allow-partial']);
    assert.equal(partial.code, 1, partial.stderr);
    assert.match(partial.stderr, /Incomplete: shard 2 missing/);
    assert.deepEqual(resultsIn(join(scratch, 'partial')).context.merged?.incomplete?.missingShards, [2]);
  });

  test('a duplicated shard, a shard of another benchmark, results that are no shard, and an --out holding results are refused', async () => {
    assertOneLineRefusal(await runCli(['merge', shard(1), shard(2), shard(2), shard(3), '--out', join(scratch, 'dup')]), /^rowmeter: Shard 2\/3 given twice: /);
    assertOneLineRefusal(await runCli(['merge', shard(1), whole, '--out', join(scratch, 'mixed')]), /^rowmeter: .*whole is not a shard/);
    const other = join(scratch, 'other-shard');
    const otherOutcome = await runCli(['bench', ...COMMON, '--batch-size', '500', '--database-url', url, '--shard', '2/3', '--strategies', 'set-based', '--out', other]);
    assert.equal(otherOutcome.code, 0, otherOutcome.stderr);
    assertOneLineRefusal(await runCli(['merge', shard(1), other, shard(3), '--out', join(scratch, 'mismatch')]), /^rowmeter: Shards with different (options|scenarios|splits)/);
    const taken = join(scratch, 'taken');
    await runCli(['merge', shard(1), shard(2), shard(3), '--out', taken]);
    writeFileSync(join(taken, 'marker'), 'x');
    assertOneLineRefusal(await runCli(['merge', shard(1), shard(2), shard(3), '--out', taken]), /^rowmeter: --out .*taken already holds results\.json/);
  });

  test('without --repeat, repeats are adaptive: two runs, a third only when their peaks disagree, and the results say why', async () => {
    const out = join(scratch, 'adaptive');
    const outcome = await runCli(['bench', '--rows', '1000', '--libraries', 'pg', '--strategies', 'set-based,narrow,keyset', '--database-url', url, '--out', out]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const results = resultsIn(out);
    assert.deepEqual(results.context.options.adaptiveRepeats, { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 });
    assert.equal(results.repeats?.length, 3);
    for (const decision of results.repeats ?? []) {
      const runs = results.runs.filter((run) => run.scenarioId === decision.scenarioId);
      assert.equal(decision.policy, 'adaptive');
      assert.equal(decision.runs, runs.length);
      const [first, second] = runs.map((run) => run.peakRssBytes!);
      const agreed = Math.abs(first! - second!) <= Math.max(0.03 * Math.min(first!, second!), 1024 * 1024);
      assert.equal(runs.length, agreed ? 2 : 3, `${decision.scenarioId}: ${decision.reason}`);
      assert.match(decision.reason, agreed ? /^peak RSS of the 2 runs within \d+\.\d % \(noise floor 3 %\)$/ : /apart \(noise floor 3 %\)/);
    }
  });

  test('--shard that is not i/n is a one-line error before anything runs', async () => {
    assertOneLineRefusal(await runCli(['bench', '--shard', '5/4', '--database-url', url]), /^rowmeter: Expected --shard i\/n with i between 1 and n, got "5\/4"$/);
  });
});
