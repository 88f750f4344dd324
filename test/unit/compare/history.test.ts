import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compile, type TopLevelSpec } from 'vega-lite';
import { compareResults, DEFAULT_THRESHOLDS } from '../../../harness/compare/compare.js';
import { appendHistory, HISTORY_VERSION, historyEntryOf, historyViews, readHistory, readHistoryIfExists, type HistoryEntry } from '../../../harness/compare/history.js';
import { UsageError } from '../../../harness/errors.js';
import type { BenchmarkResults } from '../../../harness/results.js';
import { MiB, resultsOf } from './helpers.js';

function night(date: string, peakMiB: number, commit: string): BenchmarkResults {
  const results = resultsOf({ peaksMiB: [peakMiB, peakMiB + 2, peakMiB + 1], wallsMs: [300, 310, 320] }, { strategy: 'full-load', peaksMiB: [400], each: { status: 'crashed' } });
  results.context.startedAt = date;
  results.context.commit = commit;
  return results;
}

async function rejectsWithUsage(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.ok(!error.message.includes('\n'));
    assert.match(error.message, pattern);
    return true;
  });
}

describe('historyEntryOf', () => {
  it('keeps per-scenario medians over ok runs, statuses and context', () => {
    const entry = historyEntryOf(night('2026-11-24T03:17:00.000Z', 100, 'aaa'));
    assert.equal(entry.historyVersion, HISTORY_VERSION);
    assert.equal(entry.tool, 'rowmeter-history');
    assert.equal(entry.date, '2026-11-24T03:17:00.000Z');
    assert.equal(entry.commit, 'aaa');
    assert.equal(entry.nodeVersion, 'v20.20.2');
    assert.deepEqual(entry.libraryVersions, { pg: '8.23.1', 'pg-cursor': '2.22.0' });
    assert.deepEqual(entry.settings, { rows: [1000], payloadBytes: 1024, batchSize: 100, repeat: 3, database: 'embedded', seedVersion: 1 });
    assert.equal(entry.baseline, null);
    assert.equal(entry.regressions, 0);
    const [cursor, fullLoad] = entry.scenarios;
    assert.equal(cursor?.scenarioId, 'backfill/pg/server-cursor');
    assert.equal(cursor?.tableRows, 1000);
    assert.equal(cursor?.peakRssMedianBytes, 101 * MiB);
    assert.equal(cursor?.wallMedianMs, 310);
    assert.deepEqual(cursor?.statuses, ['ok', 'ok', 'ok']);
    assert.equal(cursor?.verdict, null);
    assert.equal(fullLoad?.scenarioId, 'backfill/pg/full-load');
    assert.equal(fullLoad?.peakRssMedianBytes, null, 'no ok run, no median');
    assert.deepEqual(fullLoad?.statuses, ['crashed']);
  });

  it('records the verdicts of a comparison', () => {
    const base = night('2026-11-24T03:17:00.000Z', 100, 'aaa');
    const head = night('2026-11-25T03:17:00.000Z', 200, 'bbb');
    const comparison = compareResults(base, head, DEFAULT_THRESHOLDS, { base: 'baseline/results.json', head: 'head.json' });
    const entry = historyEntryOf(head, comparison);
    assert.deepEqual(entry.baseline, { source: 'baseline/results.json', startedAt: '2026-11-24T03:17:00.000Z', commit: 'aaa', complete: true });
    assert.equal(entry.regressions, 1);
    const cursor = entry.scenarios.find((scenario) => scenario.scenarioId === 'backfill/pg/server-cursor');
    assert.equal(cursor?.verdict, 'regressed');
    assert.equal(cursor?.memoryVerdict, 'regressed');
    assert.equal(cursor?.timeVerdict, 'unchanged');
    assert.match(cursor?.reason ?? '', /^peak RSS \+/);
  });
});

describe('appendHistory and readHistory', () => {
  let folder = '';
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'rowmeter-history-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips nights, one line each, creating the folder', async () => {
    const path = join(folder, 'new', 'history.jsonl');
    const first = await appendHistory(path, night('2026-11-24T03:17:00.000Z', 100, 'aaa'));
    const base = night('2026-11-24T03:17:00.000Z', 100, 'aaa');
    const head = night('2026-11-25T03:17:00.000Z', 150, 'bbb');
    const second = await appendHistory(path, head, compareResults(base, head, DEFAULT_THRESHOLDS, { base: 'b', head: 'h' }));
    const text = await readFile(path, 'utf8');
    assert.equal(text.split('\n').length, 3, 'two lines and a final newline');
    assert.deepEqual(await readHistory(path), [first, second]);
  });

  it('appends after a last line without newline, and skips blank lines', async () => {
    const path = join(folder, 'edited.jsonl');
    const entry = historyEntryOf(night('2026-11-24T03:17:00.000Z', 100, 'aaa'));
    await writeFile(path, `\n${JSON.stringify(entry)}`);
    await appendHistory(path, night('2026-11-25T03:17:00.000Z', 100, 'bbb'));
    const entries = await readHistory(path);
    assert.deepEqual(
      entries.map((e) => e.commit),
      ['aaa', 'bbb'],
    );
  });

  it('refuses a missing file, a bad line, a foreign line and a newer version, naming the line', async () => {
    await rejectsWithUsage(readHistory(join(folder, 'missing.jsonl')), /^No such history file: /);
    const path = join(folder, 'bad.jsonl');
    const good = JSON.stringify(historyEntryOf(night('2026-11-24T03:17:00.000Z', 100, 'aaa')));
    await writeFile(path, `${good}\n{"truncated": \n`);
    await rejectsWithUsage(readHistory(path), /bad\.jsonl:2 is not JSON/);
    await writeFile(path, `${good}\n${JSON.stringify({ tool: 'rowmeter', schemaVersion: 1 })}\n`);
    await rejectsWithUsage(readHistory(path), /bad\.jsonl:2 is not a rowmeter history entry/);
    await writeFile(path, `${JSON.stringify({ ...JSON.parse(good), historyVersion: HISTORY_VERSION + 1 })}\n`);
    await rejectsWithUsage(readHistory(path), /bad\.jsonl:1 has history version \d+, newer .*upgrade rowmeter/);
    await writeFile(path, `${JSON.stringify({ ...JSON.parse(good), historyVersion: 0 })}\n`);
    await rejectsWithUsage(readHistory(path), /bad\.jsonl:1 has history version 0, .*start a new history file/);
    await writeFile(path, `${JSON.stringify({ tool: 'rowmeter-history', historyVersion: HISTORY_VERSION })}\n`);
    await rejectsWithUsage(readHistory(path), /missing date, settings or scenarios/);
  });

  it('reads a version 1 line as the backfill at its one table size', async () => {
    const path = join(folder, 'v1.jsonl');
    const current = historyEntryOf(night('2026-11-24T03:17:00.000Z', 100, 'aaa'));
    const version1 = {
      ...current,
      historyVersion: 1,
      settings: { ...current.settings, rows: 1000 },
      scenarios: current.scenarios.map(({ tableRows: _rows, ...scenario }) => ({ ...scenario, scenarioId: scenario.scenarioId.replace(/^backfill\//, '') })),
    };
    await writeFile(path, `${JSON.stringify(version1)}\n`);
    const [entry] = await readHistory(path);
    assert.deepEqual(entry, current);
  });

  it('treats a history file that does not exist yet as empty, but still checks one that does', async () => {
    assert.deepEqual(await readHistoryIfExists(join(folder, 'first-night.jsonl')), []);
    const path = join(folder, 'damaged.jsonl');
    await writeFile(path, 'not json\n');
    await rejectsWithUsage(readHistoryIfExists(path), /damaged\.jsonl:1 is not JSON/);
  });

  it('reports an unwritable history path as a usage error', async () => {
    const path = join(folder, 'a-file');
    await appendFile(path, 'x');
    await rejectsWithUsage(appendHistory(join(path, 'history.jsonl'), night('2026-11-24T03:17:00.000Z', 100, 'aaa')), /^Cannot create the folder of the history file .*a-file is not a folder$/);
  });
});

describe('historyViews', () => {
  function entries(): HistoryEntry[] {
    const nights = [night('2026-11-23T03:17:00.000Z', 100, 'aaa'), night('2026-11-24T03:17:00.000Z', 101, 'bbb'), night('2026-11-25T03:17:00.000Z', 160, 'ccc')];
    return nights.map((results, index) => {
      const previous = nights[index - 1];
      return historyEntryOf(results, previous ? compareResults(previous, results, DEFAULT_THRESHOLDS, { base: 'b', head: 'h' }) : undefined);
    });
  }

  type Datum = Record<string, unknown>;
  function valuesOf(spec: TopLevelSpec): Datum[] {
    const data = (spec as { data?: { values?: unknown } }).data;
    assert.ok(Array.isArray(data?.values));
    return data.values as Datum[];
  }

  it('draws peak RSS and wall time per scenario over the nights, marking regressions', () => {
    const views = historyViews(entries());
    assert.deepEqual(
      views.map((view) => view.id),
      ['history-peak-rss', 'history-wall-time'],
    );
    for (const view of views) {
      assert.match(view.id, /^[A-Za-z0-9-]+$/);
      assert.match(view.title, /1,000 rows/);
      assert.ok(view.description.length > 0);
      assert.equal(view.content.kind, 'chart');
    }
    const [memory, time] = views;
    assert.ok(memory?.content.kind === 'chart' && time?.content.kind === 'chart');
    const values = valuesOf(memory.content.spec);
    assert.equal(values.length, 3 * 2, 'three nights, two scenarios');
    const cursor = values.filter((value) => value.scenario === 'backfill/pg/server-cursor');
    assert.deepEqual(
      cursor.map((value) => value.peakRssMiB),
      [101, 102, 161],
    );
    assert.deepEqual(
      cursor.map((value) => value.memoryRegressed),
      [false, false, true],
    );
    assert.deepEqual(
      cursor.map((value) => value.timeRegressed),
      [false, false, false],
    );
    assert.deepEqual(
      cursor.map((value) => value.wallSeconds),
      [0.31, 0.31, 0.31],
    );
    const crashed = values.filter((value) => value.scenario === 'backfill/pg/full-load');
    assert.ok(crashed.every((value) => value.peakRssMiB === null));
    const layers = (memory.content.spec as { layer?: unknown[] }).layer;
    assert.equal(layers?.length, 2, 'the trend lines and the regression marks');
    assert.match(JSON.stringify(layers?.[1]), /memoryRegressed/);
    assert.equal((time.content.spec as { layer?: unknown[] }).layer?.length, 1, 'no time regression: no (empty) marker layer');
  });

  it('produces specs vega-lite compiles without warnings', () => {
    for (const view of historyViews(entries())) {
      assert.ok(view.content.kind === 'chart');
      const warnings: unknown[] = [];
      const logger = {
        level: () => logger,
        warn: (...args: unknown[]) => (warnings.push(args), logger),
        info: () => logger,
        debug: () => logger,
        error: (...args: unknown[]) => (warnings.push(args), logger),
      };
      const { spec } = compile(view.content.spec, { logger });
      assert.ok(spec);
      assert.deepEqual(warnings, []);
    }
  });

  it('draws nights with other settings separately, latest settings first', () => {
    const all = entries();
    const bigger = night('2026-11-20T03:17:00.000Z', 500, 'zzz');
    bigger.context.options.rows = [50000];
    const views = historyViews([historyEntryOf(bigger), ...all]);
    assert.deepEqual(
      views.map((view) => view.id),
      ['history-peak-rss', 'history-wall-time', 'history-peak-rss-2', 'history-wall-time-2'],
    );
    assert.match(views[2]?.title ?? '', /50,000 rows/);
  });

  it('has nothing to draw without entries', () => {
    assert.deepEqual(historyViews([]), []);
  });
});
