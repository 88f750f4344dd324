import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  compareWithBaseline,
  parseThresholdPercent,
  runCompare,
  thresholdsFromFlags,
  writeComparisonMarkdown,
} from '../../../harness/compare/command.js';
import { DEFAULT_THRESHOLDS } from '../../../harness/compare/compare.js';
import { UsageError } from '../../../harness/errors.js';
import { SCHEMA_VERSION } from '../../../harness/results.js';
import { resultsOf } from './helpers.js';

/** Asserts a UsageError (exit 2) with a one-line message matching `pattern`. */
async function rejectsWithUsage(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

function throwsUsage(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseThresholdPercent', () => {
  it('reads plain numbers and percentages as fractions', () => {
    assert.equal(parseThresholdPercent('10', '--max-memory-regression'), 0.1);
    assert.equal(parseThresholdPercent('10%', '--max-memory-regression'), 0.1);
    assert.equal(parseThresholdPercent(' 12.5 % ', '--max-time-regression'), 0.125);
    assert.equal(parseThresholdPercent('0', '--max-time-regression'), 0);
    assert.equal(parseThresholdPercent('150', '--max-time-regression'), 1.5);
  });

  for (const bad of ['-5', 'ten', '', '%', 'NaN', 'Infinity', '10%%', '1e']) {
    it(`rejects ${JSON.stringify(bad)}, quoting it and naming the flag`, () => {
      throwsUsage(() => parseThresholdPercent(bad, '--max-memory-regression'), new RegExp(`^--max-memory-regression .*got ${escapeRegExp(JSON.stringify(bad))}$`));
    });
  }
});

describe('thresholdsFromFlags', () => {
  it('uses 10 % and 25 % by default', () => {
    assert.deepEqual(thresholdsFromFlags({}), { maxMemoryRegression: 0.1, maxTimeRegression: 0.25 });
    assert.deepEqual(thresholdsFromFlags({}), DEFAULT_THRESHOLDS);
  });

  it('parses the flags given', () => {
    assert.deepEqual(thresholdsFromFlags({ maxMemoryRegression: '5', maxTimeRegression: '50%' }), { maxMemoryRegression: 0.05, maxTimeRegression: 0.5 });
    throwsUsage(() => thresholdsFromFlags({ maxTimeRegression: 'x' }), /^--max-time-regression/);
  });
});

describe('runCompare', () => {
  let folder = '';
  const path = (name: string) => join(folder, name);
  const writeJson = (name: string, value: unknown) => writeFile(path(name), JSON.stringify(value));

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'rowmeter-compare-'));
    await writeJson('base.json', resultsOf({ peaksMiB: [100, 101, 102] }));
    await writeJson('same.json', resultsOf({ peaksMiB: [100, 101, 102] }));
    await writeJson('worse.json', resultsOf({ peaksMiB: [200, 201, 202] }));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('exits 0 without a regression', async () => {
    const { comparison, exitCode } = await runCompare(path('base.json'), path('same.json'), DEFAULT_THRESHOLDS);
    assert.equal(exitCode, 0);
    assert.equal(comparison.base.source, path('base.json'));
    assert.equal(comparison.head.source, path('same.json'));
    assert.equal(comparison.scenarios[0]?.verdict, 'unchanged');
  });

  it('exits 1 on a regression', async () => {
    const { comparison, exitCode } = await runCompare(path('base.json'), path('worse.json'), DEFAULT_THRESHOLDS);
    assert.equal(exitCode, 1);
    assert.equal(comparison.regressions, 1);
  });

  it('refuses a missing file', async () => {
    await rejectsWithUsage(runCompare(path('nope.json'), path('same.json'), DEFAULT_THRESHOLDS), /^No such results file: .*nope\.json$/);
  });

  it('refuses an unreadable path (a folder)', async () => {
    await mkdir(path('folder.json'), { recursive: true });
    await rejectsWithUsage(runCompare(path('base.json'), path('folder.json'), DEFAULT_THRESHOLDS), /^Cannot read .*folder\.json \(EISDIR\)$/);
  });

  it('refuses a file that is not JSON', async () => {
    await writeFile(path('text.json'), 'hello\n{');
    await rejectsWithUsage(runCompare(path('text.json'), path('same.json'), DEFAULT_THRESHOLDS), /text\.json is not JSON/);
  });

  it('refuses JSON that is not a rowmeter result', async () => {
    await writeJson('other.json', { name: 'something else' });
    await rejectsWithUsage(runCompare(path('base.json'), path('other.json'), DEFAULT_THRESHOLDS), /other\.json is not a rowmeter results file/);
  });

  it('refuses a schema newer than it understands, saying to upgrade', async () => {
    await writeJson('future.json', { ...resultsOf({ peaksMiB: [1] }), schemaVersion: SCHEMA_VERSION + 1 });
    await rejectsWithUsage(
      runCompare(path('base.json'), path('future.json'), DEFAULT_THRESHOLDS),
      new RegExp(`future\\.json has schema version ${SCHEMA_VERSION + 1}, newer .*; upgrade rowmeter to read it$`),
    );
  });

  it('refuses a schema older than the oldest it migrates, saying what to do', async () => {
    await writeJson('old.json', { ...resultsOf({ peaksMiB: [1] }), schemaVersion: 0 });
    await rejectsWithUsage(runCompare(path('old.json'), path('same.json'), DEFAULT_THRESHOLDS), /old\.json has schema version 0, .*re-run the benchmark/);
  });

  it('reads a schema version 1 file as the backfill at its one table size, comparable with a new one', async () => {
    const current = resultsOf({ peaksMiB: [100, 101] });
    const { seeds, options, ...context } = current.context;
    const version1 = {
      ...current,
      schemaVersion: 1,
      context: { ...context, seed: seeds[0], options: { ...options, rows: options.rows[0], workloads: undefined, pipelineDepth: undefined } },
      scenarios: current.scenarios.map(({ workload: _workload, ...scenario }) => ({ ...scenario, id: scenario.id.replace(/^backfill\//, '') })),
      runs: current.runs.map(({ workload: _workload, tableRows: _rows, ...run }) => ({ ...run, scenarioId: run.scenarioId.replace(/^backfill\//, '') })),
    };
    await writeJson('v1.json', JSON.parse(JSON.stringify(version1)));
    await writeJson('v2.json', current);
    const outcome = await runCompare(path('v1.json'), path('v2.json'), DEFAULT_THRESHOLDS);
    assert.equal(outcome.exitCode, 0);
    assert.deepEqual(
      outcome.comparison.scenarios.map((scenario) => [scenario.scenarioId, scenario.tableRows, scenario.verdict]),
      [['backfill/pg/server-cursor', 1000, 'unchanged']],
    );
    assert.equal(SCHEMA_VERSION, 3);
  });

  it('refuses a schema version that is not a number', async () => {
    await writeJson('noversion.json', { ...resultsOf({ peaksMiB: [1] }), schemaVersion: 'one' });
    await rejectsWithUsage(runCompare(path('noversion.json'), path('same.json'), DEFAULT_THRESHOLDS), /has no valid schemaVersion/);
  });

  it('refuses a result without runs', async () => {
    const { runs: _runs, ...rest } = resultsOf({ peaksMiB: [1] });
    await writeJson('noruns.json', rest);
    await rejectsWithUsage(runCompare(path('noruns.json'), path('same.json'), DEFAULT_THRESHOLDS), /missing context, scenarios or runs/);
  });

  it('refuses runs with broken fields, naming the first one', async () => {
    const broken = resultsOf({ peaksMiB: [1, 2] }) as unknown as { runs: Array<Record<string, unknown>> };
    const second = broken.runs[1];
    assert.ok(second);
    second.status = 'exploded';
    await writeJson('broken.json', broken);
    await rejectsWithUsage(runCompare(path('base.json'), path('broken.json'), DEFAULT_THRESHOLDS), /broken\.json: runs\[1\]\.status is "exploded", not one of ok, /);

    const noWall = resultsOf({ peaksMiB: [1] }) as unknown as { runs: Array<Record<string, unknown>> };
    delete noWall.runs[0]?.wallMs;
    await writeJson('nowall.json', noWall);
    await rejectsWithUsage(runCompare(path('base.json'), path('nowall.json'), DEFAULT_THRESHOLDS), /runs\[0\]\.wallMs is not a number/);

    const noRows = resultsOf({ peaksMiB: [1] }) as unknown as { context: { options: Record<string, unknown> } };
    delete noRows.context.options.rows;
    await writeJson('norows.json', noRows);
    await rejectsWithUsage(runCompare(path('norows.json'), path('base.json'), DEFAULT_THRESHOLDS), /context\.options\.rows is not a list of numbers/);
  });
});

describe('compareWithBaseline', () => {
  it('compares results in memory with a baseline read before', () => {
    const outcome = compareWithBaseline(resultsOf({ peaksMiB: [100] }), 'baseline.json', resultsOf({ peaksMiB: [100], wallsMs: [900] }), 'reports/x/results.json', DEFAULT_THRESHOLDS);
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.comparison.base.source, 'baseline.json');
    assert.equal(outcome.comparison.head.source, 'reports/x/results.json');
    assert.equal(outcome.comparison.scenarios[0]?.time?.verdict, 'regressed');
  });
});

describe('writeComparisonMarkdown', () => {
  it('writes the Markdown, creating the folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rowmeter-markdown-'));
    try {
      const { comparison } = compareWithBaseline(resultsOf({ peaksMiB: [100] }), 'a.json', resultsOf({ peaksMiB: [300] }), 'b.json', DEFAULT_THRESHOLDS);
      const target = join(folder, 'deeper', 'summary.md');
      await writeComparisonMarkdown(target, comparison);
      const text = await readFile(target, 'utf8');
      assert.match(text, /^## rowmeter comparison/);
      assert.match(text, /\*\*1 regression\*\*/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('appends to a file that holds something, never overwriting it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rowmeter-markdown-'));
    try {
      const { comparison } = compareWithBaseline(resultsOf({ peaksMiB: [100] }), 'a.json', resultsOf({ peaksMiB: [100] }), 'b.json', DEFAULT_THRESHOLDS);
      const target = join(folder, 'summary.md');
      await writeFile(target, '# earlier step\n');
      await writeComparisonMarkdown(target, comparison);
      const text = await readFile(target, 'utf8');
      assert.match(text, /^# earlier step\n\n## rowmeter comparison/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('reports an unwritable target as a usage error', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rowmeter-markdown-'));
    try {
      const { comparison } = compareWithBaseline(resultsOf({ peaksMiB: [100] }), 'a.json', resultsOf({ peaksMiB: [100] }), 'b.json', DEFAULT_THRESHOLDS);
      await rejectsWithUsage(writeComparisonMarkdown(folder, comparison), /^Cannot write the Markdown comparison to .* \(EISDIR\)$/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
