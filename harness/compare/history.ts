/**
 * The history file: one JSON line per benchmark with each scenario's medians and the context
 * needed to read a trend (date, commit, versions, settings), and the report views that draw it.
 * JSON Lines so that a night appends one line and never rewrites the nights before.
 */
import { access, appendFile, open, readFile, type FileHandle } from 'node:fs/promises';
import { ensureDirectory, PathError } from '../paths.js';
import { dirname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { UsageError } from '../errors.js';
import { round } from '../format.js';
import type { BenchmarkResults, RunStatus, ScenarioId } from '../results.js';
import type { ReportView } from '../report/view.js';
import { spreadOf } from '../stats.js';
import type { ComparedSide, Comparison, Verdict } from './types.js';

/** Version of one history line's layout. Bump on incompatible changes and teach {@link readHistory}. */
export const HISTORY_VERSION = 2;

export interface HistoryScenario {
  scenarioId: ScenarioId;
  /** The table size these medians were measured at. */
  tableRows: number;
  scenarioVersion: number;
  /** Median kernel peak RSS over the ok runs, in bytes; null when no run was ok. */
  peakRssMedianBytes: number | null;
  /** Median wall time over the ok runs, in milliseconds; null when no run was ok. */
  wallMedianMs: number | null;
  /** Status of every run, in repeat order. */
  statuses: RunStatus[];
  /** The scenario's verdict against the baseline, or null when the benchmark had none. */
  verdict: Verdict | null;
  /** The peak RSS metric's own verdict, or null. */
  memoryVerdict: Verdict | null;
  /** The wall time metric's own verdict, or null. */
  timeVerdict: Verdict | null;
  /** Why the verdict, or null without a baseline. */
  reason: string | null;
}

/** The settings that must match for two nights to sit on one trend line. */
export interface HistorySettings {
  /** Table sizes measured, ascending. */
  rows: number[];
  payloadBytes: number;
  batchSize: number;
  repeat: number;
  database: 'embedded' | 'url';
  /** Version of the seed generator, or null when unknown. */
  seedVersion: number | null;
}

export interface HistoryEntry {
  historyVersion: typeof HISTORY_VERSION;
  tool: 'rowmeter-history';
  /** When the benchmark started (ISO timestamp). */
  date: string;
  commit: string | null;
  rowmeterVersion: string;
  nodeVersion: string;
  postgresVersion: string;
  libraryVersions: Record<string, string>;
  settings: HistorySettings;
  /** The baseline this benchmark was compared with, or null. */
  baseline: ComparedSide | null;
  /** Scenarios that regressed against the baseline (0 without one). */
  regressions: number;
  scenarios: HistoryScenario[];
}

/** The history line for one benchmark, with the verdicts of its comparison when there was one. Pure. */
export function historyEntryOf(results: BenchmarkResults, comparison?: Comparison): HistoryEntry {
  const verdicts = new Map(comparison?.scenarios.map((scenario) => [`${scenario.scenarioId}@${scenario.tableRows}`, scenario]));
  const keys: Array<{ scenarioId: ScenarioId; tableRows: number }> = [];
  for (const run of results.runs) {
    if (!keys.some((key) => key.scenarioId === run.scenarioId && key.tableRows === run.tableRows)) keys.push({ scenarioId: run.scenarioId, tableRows: run.tableRows });
  }
  const scenarios = keys.map(({ scenarioId, tableRows }): HistoryScenario => {
    const runs = results.runs.filter((run) => run.scenarioId === scenarioId && run.tableRows === tableRows).sort((a, b) => a.repeat - b.repeat);
    const ok = runs.filter((run) => run.status === 'ok');
    const compared = verdicts.get(`${scenarioId}@${tableRows}`);
    return {
      scenarioId,
      tableRows,
      scenarioVersion: Math.max(...runs.map((run) => run.scenarioVersion)),
      peakRssMedianBytes: spreadOf(ok.map((run) => run.peakRssBytes))?.median ?? null,
      wallMedianMs: spreadOf(ok.map((run) => run.wallMs))?.median ?? null,
      statuses: runs.map((run) => run.status),
      verdict: compared?.verdict ?? null,
      memoryVerdict: compared?.memory?.verdict ?? null,
      timeVerdict: compared?.time?.verdict ?? null,
      reason: compared?.reason ?? null,
    };
  });
  const { context } = results;
  return {
    historyVersion: HISTORY_VERSION,
    tool: 'rowmeter-history',
    date: context.startedAt,
    commit: context.commit ?? null,
    rowmeterVersion: context.rowmeterVersion,
    nodeVersion: context.nodeVersion,
    postgresVersion: context.postgresVersion,
    libraryVersions: { ...context.libraryVersions },
    settings: {
      rows: context.options.rows,
      payloadBytes: context.options.payloadBytes,
      batchSize: context.options.batchSize,
      repeat: context.options.repeat,
      database: context.options.database,
      seedVersion: context.seeds[0]?.seedVersion ?? null,
    },
    baseline: comparison ? { ...comparison.base } : null,
    regressions: comparison?.regressions ?? 0,
    scenarios,
  };
}

/**
 * Appends one line for this benchmark to the history file, creating the file and its folder
 * on the first night. Returns the entry written.
 */
export async function appendHistory(path: string, results: BenchmarkResults, comparison?: Comparison): Promise<HistoryEntry> {
  const entry = historyEntryOf(results, comparison);
  try {
    await ensureDirectory(dirname(path));
    const separator = (await endsWithoutNewline(path)) ? '\n' : '';
    await appendFile(path, `${separator}${JSON.stringify(entry)}\n`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof PathError) throw new UsageError(`Cannot create the folder of the history file ${path}: ${error.message}`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot append to the history file ${path} (${code ?? 'unknown error'})`, { cause: error });
  }
  return entry;
}

/** True when the file exists, is not empty and its last byte is not a newline (a hand-edited file). */
async function endsWithoutNewline(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** Reads and checks every line of a history file; a problem is a one-line {@link UsageError} naming the line. */
export async function readHistory(path: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `No such history file: ${path}` : `Cannot read ${path} (${code ?? 'unknown error'})`);
  }
  const entries: HistoryEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    entries.push(checkHistoryLine(line, `${path}:${index + 1}`));
  });
  return entries;
}

/**
 * Like {@link readHistory}, but a file that does not exist yet is an empty history (the first
 * night). `bench --history` calls it before measuring, so a damaged file fails at once.
 */
export async function readHistoryIfExists(path: string): Promise<HistoryEntry[]> {
  try {
    await access(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
  }
  return readHistory(path);
}

/** Parses and checks one history line; `where` is `file:line`. */
export function checkHistoryLine(line: string, where: string): HistoryEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new UsageError(`${where} is not JSON; a rowmeter history file has one JSON object per line (delete or fix that line)`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { tool?: unknown }).tool !== 'rowmeter-history') {
    throw new UsageError(`${where} is not a rowmeter history entry (no "tool": "rowmeter-history")`);
  }
  const version = (parsed as { historyVersion?: unknown }).historyVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new UsageError(`${where} has no valid historyVersion`);
  if (version > HISTORY_VERSION) {
    throw new UsageError(`${where} has history version ${version}, newer than this rowmeter understands (${HISTORY_VERSION}); upgrade rowmeter to read it`);
  }
  if (version < 1) {
    throw new UsageError(`${where} has history version ${version}, which this rowmeter no longer reads (it reads 1 to ${HISTORY_VERSION}); start a new history file`);
  }
  const entry = parsed as Partial<HistoryEntry>;
  if (typeof entry.date !== 'string' || typeof entry.settings !== 'object' || entry.settings === null || !Array.isArray(entry.scenarios)) {
    throw new UsageError(`${where} is missing date, settings or scenarios`);
  }
  return version === 1 ? migrateHistoryV1(parsed as HistoryEntryV1) : (parsed as HistoryEntry);
}

/** A history line as version 1 wrote it: one table size, backfill only, ids `library/strategy`. */
interface HistoryEntryV1 extends Omit<HistoryEntry, 'historyVersion' | 'settings' | 'scenarios'> {
  historyVersion: 1;
  settings: Omit<HistorySettings, 'rows'> & { rows: number };
  scenarios: Array<Omit<HistoryScenario, 'tableRows' | 'scenarioId'> & { scenarioId: string }>;
}

/** Version 1 measured only the backfill, at one size: its lines read as version 2 lines. */
export function migrateHistoryV1(entry: HistoryEntryV1): HistoryEntry {
  const rows = entry.settings.rows;
  return {
    ...entry,
    historyVersion: HISTORY_VERSION,
    settings: { ...entry.settings, rows: [rows] },
    scenarios: entry.scenarios.map((scenario) => ({ ...scenario, scenarioId: `backfill/${scenario.scenarioId}` as ScenarioId, tableRows: rows })),
  };
}

/** One point of a trend chart. */
interface TrendPoint {
  date: string;
  scenario: string;
  commit: string;
  peakRssMiB: number | null;
  wallSeconds: number | null;
  /** Whether the night's comparison found this scenario's peak RSS regressed (or the scenario newly failing). */
  memoryRegressed: boolean;
  /** Whether the night's comparison found this scenario's wall time regressed (or the scenario newly failing). */
  timeRegressed: boolean;
  statuses: string;
  reason: string;
}

/** Nights measured with the same settings, so their figures sit on one trend line. */
function settingsKey(settings: HistorySettings): string {
  return `${settings.rows.join(',')}|${settings.payloadBytes}|${settings.batchSize}|${settings.seedVersion ?? '?'}`;
}

function describeSettings(settings: HistorySettings): string {
  return `${settings.rows.map((rows) => rows.toLocaleString('en-US')).join(' / ')} rows, ${settings.payloadBytes} B payload, batch ${settings.batchSize}`;
}

function trendPoints(entries: readonly HistoryEntry[]): TrendPoint[] {
  return entries.flatMap((entry) =>
    entry.scenarios.map((scenario): TrendPoint => {
      const failing = scenario.verdict === 'regressed' && scenario.memoryVerdict !== 'regressed' && scenario.timeVerdict !== 'regressed';
      return {
        date: entry.date,
        scenario: entry.settings.rows.length > 1 ? `${scenario.scenarioId} @ ${scenario.tableRows.toLocaleString('en-US')}` : scenario.scenarioId,
        commit: entry.commit ?? '–',
        peakRssMiB: scenario.peakRssMedianBytes === null ? null : round(scenario.peakRssMedianBytes / (1024 * 1024), 2),
        wallSeconds: scenario.wallMedianMs === null ? null : round(scenario.wallMedianMs / 1000, 3),
        memoryRegressed: scenario.memoryVerdict === 'regressed' || failing,
        timeRegressed: scenario.timeVerdict === 'regressed' || failing,
        statuses: scenario.statuses.join(', '),
        reason: scenario.reason ?? 'no baseline',
      };
    }),
  );
}

function trendSpec(points: TrendPoint[], field: 'peakRssMiB' | 'wallSeconds', title: string): TopLevelSpec {
  const marked = field === 'peakRssMiB' ? 'memoryRegressed' : 'timeRegressed';
  const y = { field, type: 'quantitative', title } as const;
  const tooltip = [
    { field: 'scenario', type: 'nominal', title: 'scenario' },
    { field: 'date', type: 'temporal', title: 'night', format: '%Y-%m-%d %H:%M' },
    { field, type: 'quantitative', title },
    { field: 'commit', type: 'nominal', title: 'commit' },
    { field: 'statuses', type: 'nominal', title: 'runs' },
    { field: 'reason', type: 'nominal', title: 'verdict' },
  ] as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 720,
    height: 320,
    data: { values: points.map((point) => ({ ...point })) },
    encoding: { x: { field: 'date', type: 'temporal', title: 'night' } },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: { y, color: { field: 'scenario', type: 'nominal', title: 'scenario' }, tooltip: [...tooltip] },
      },
      // Without any regression the marker layer would be empty, which vega warns about.
      ...(points.some((point) => point[marked] && point[field] !== null)
        ? [
            {
              transform: [{ filter: `datum.${marked} && datum.${field} !== null` }],
              mark: { type: 'point' as const, shape: 'triangle-up', size: 160, filled: true, color: '#d62728' },
              encoding: { y, tooltip: [...tooltip] },
            },
          ]
        : []),
    ],
  };
}

/**
 * Two line charts per group of nights with equal settings — median peak RSS and median wall
 * time per scenario over time — with nights whose comparison found a regression marked by red
 * triangles. The most recent settings come first. No entries, no views.
 */
export function historyViews(entries: readonly HistoryEntry[]): ReportView[] {
  const groups = new Map<string, HistoryEntry[]>();
  const sorted = [...entries].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  for (const entry of sorted) {
    const key = settingsKey(entry.settings);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const ordered = [...groups.values()].sort((a, b) => Date.parse(b.at(-1)?.date ?? '') - Date.parse(a.at(-1)?.date ?? ''));
  return ordered.flatMap((group, index) => {
    const first = group[0];
    if (first === undefined) return [];
    const suffix = index === 0 ? '' : `-${index + 1}`;
    const settings = describeSettings(first.settings);
    const nights = `${group.length} night${group.length === 1 ? '' : 's'} at ${settings}`;
    const points = trendPoints(group);
    return [
      {
        id: `history-peak-rss${suffix}`,
        title: `History: peak RSS (${settings})`,
        description:
          `Median kernel peak RSS of each scenario's ok runs over ${nights}. ` +
          'Red triangles mark nights whose comparison with the baseline called the scenario regressed; a night where every run failed has no point.',
        content: { kind: 'chart', spec: trendSpec(points, 'peakRssMiB', 'median peak RSS (MiB)') },
      },
      {
        id: `history-wall-time${suffix}`,
        title: `History: wall time (${settings})`,
        description:
          `Median wall time (spawn to exit) of each scenario's ok runs over ${nights}. ` +
          'Red triangles mark nights whose comparison with the baseline called the scenario regressed; a night where every run failed has no point.',
        content: { kind: 'chart', spec: trendSpec(points, 'wallSeconds', 'median wall time (s)') },
      },
    ];
  });
}
