/**
 * Joining the results of the shards of one benchmark (`--shard i/n`) into the results of the
 * whole, as an unsharded run would have written them. Pure: the command reads and writes the
 * files. Shards that do not belong together are refused with one line naming them.
 */
import { judgeBudgets } from '../budget.js';
import { UsageError } from '../errors.js';
import { growthEntries } from '../growth.js';
import type { BenchmarkResults, MergeInfo, RunResult, SeedInfo, ShardOrigin, TableInfo, TimingEntry } from '../results.js';
import type { ShardPlan } from '../run/shards.js';
import { unitKey } from '../run/shards.js';
import { requestedRowsOf } from '../store/durations.js';

/** One shard's results and where they were read from (as the user named it). */
export interface ShardInput {
  source: string;
  results: BenchmarkResults;
}

type Sharded = ShardInput & { plan: ShardPlan };

/** Every shard is one: results of an unsharded benchmark cannot be merged. */
function requirePlans(inputs: readonly ShardInput[]): Sharded[] {
  return inputs.map((input) => {
    const plan = input.results.context.shard;
    if (!plan) throw new UsageError(`${input.source} is not a shard (it ran without --shard i/n): nothing to merge it with`);
    return { ...input, plan };
  });
}

/** The first shard whose value of `what` differs from the first's, as a one-line refusal. */
function requireSame(shards: readonly Sharded[], what: string, valueOf: (shard: Sharded) => unknown, show: (value: unknown) => string = (value) => JSON.stringify(value)): void {
  const first = shards[0]!;
  const expected = JSON.stringify(valueOf(first));
  for (const shard of shards.slice(1)) {
    const actual = JSON.stringify(valueOf(shard));
    if (actual !== expected) {
      throw new UsageError(`Shards with different ${what}: ${first.source} (shard ${first.plan.index}/${first.plan.count}) has ${show(valueOf(first))}, ${shard.source} (shard ${shard.plan.index}/${shard.plan.count}) has ${show(valueOf(shard))}`);
    }
  }
}

/** The seed's identity (what makes the rows the same), per size: shards seed only their sizes. */
function seedIdentity(seeds: readonly SeedInfo[]): Record<string, string> {
  return Object.fromEntries(seeds.map((seed) => [String(seed.rows), `seed v${seed.seedVersion}, ${seed.payloadBytes} B`]));
}

/** Refuses shards of different benchmarks: options, rowmeter, scenarios, the split itself, seeds. */
export function checkBelongTogether(shards: readonly Sharded[]): void {
  requireSame(shards, 'shard counts', (shard) => shard.plan.count, (value) => `n = ${String(value)}`);
  requireSame(shards, 'rowmeter versions', (shard) => shard.results.context.rowmeterVersion, String);
  requireSame(shards, 'options', (shard) => shard.results.context.options);
  requireSame(shards, 'scenarios', (shard) => shard.results.scenarios.filter((scenario) => scenario.selected).map((scenario) => `${scenario.id} v${scenario.version}`), (value) => `${(value as string[]).length} selected scenarios`);
  requireSame(shards, 'splits (another --durations or --baseline?)', (shard) => shard.plan.units.map((unit) => `${unit.key}:${unit.shard}`), () => 'its own split');
  // Sizes two shards both seeded must hold the same rows.
  const bySize = new Map<string, { source: string; identity: string }>();
  for (const shard of shards) {
    for (const [rows, identity] of Object.entries(seedIdentity(shard.results.context.seeds))) {
      const seen = bySize.get(rows);
      if (seen && seen.identity !== identity) throw new UsageError(`Shards with different seeds at ${rows} rows: ${seen.source} has ${seen.identity}, ${shard.source} has ${identity}`);
      if (!seen) bySize.set(rows, { source: shard.source, identity });
    }
  }
}

/** Shards given twice are refused; returns the shards present by index. */
function byIndex(shards: readonly Sharded[]): Map<number, Sharded> {
  const found = new Map<number, Sharded>();
  for (const shard of shards) {
    const earlier = found.get(shard.plan.index);
    if (earlier) throw new UsageError(`Shard ${shard.plan.index}/${shard.plan.count} given twice: ${earlier.source} and ${shard.source}`);
    found.set(shard.plan.index, shard);
  }
  return found;
}

/** What is missing: whole shards, and the units of shards that did not finish. */
export function missingWork(shards: readonly Sharded[]): { missingShards: number[]; missingUnits: string[]; lines: string[] } {
  const plan = shards[0]!.plan;
  const present = byIndex(shards);
  const lines: string[] = [];
  const missingShards: number[] = [];
  const missingUnits: string[] = [];
  for (let index = 1; index <= plan.count; index += 1) {
    const units = plan.units.filter((unit) => unit.shard === index).map((unit) => unit.key);
    const shard = present.get(index);
    if (!shard) {
      missingShards.push(index);
      missingUnits.push(...units);
      lines.push(`shard ${index}/${plan.count} missing: ${units.length === 0 ? 'no cells' : `cells ${units.join(', ')}`}`);
      continue;
    }
    const { repeat, adaptiveRepeats } = shard.results.context.options;
    const repeats = adaptiveRepeats ? adaptiveRepeats.min : repeat;
    const requested = requestedRowsOf(shard.results);
    const ran = new Map<string, number>();
    for (const run of shard.results.runs) {
      const key = unitKey({ scenarioId: run.scenarioId, tableRows: requested(run) });
      ran.set(key, (ran.get(key) ?? 0) + 1);
    }
    const short = units.filter((key) => (ran.get(key) ?? 0) < repeats);
    if (short.length > 0 || shard.results.context.finishedAt === null) {
      missingUnits.push(...short);
      lines.push(`shard ${index}/${plan.count} (${shard.source}) did not finish${short.length > 0 ? `: cells ${short.join(', ')} are short of runs` : ''}`);
    }
  }
  return { missingShards, missingUnits, lines };
}

function differentMachines(origins: readonly ShardOrigin[]): boolean {
  const machine = (origin: ShardOrigin) => JSON.stringify([origin.hostname, origin.os, origin.cpu, origin.totalMemoryBytes, origin.lowLatencyHeld]);
  return new Set(origins.map(machine)).size > 1;
}

function originOf(shard: Sharded): ShardOrigin {
  const { context } = shard.results;
  return {
    index: shard.plan.index,
    source: shard.source,
    hostname: context.hostname ?? null,
    os: context.os,
    cpu: context.cpu,
    totalMemoryBytes: context.totalMemoryBytes,
    nodeVersion: context.nodeVersion,
    postgresVersion: context.postgresVersion,
    lowLatencyHeld: context.lowLatency?.held ?? false,
    startedAt: context.startedAt,
    finishedAt: context.finishedAt,
    runs: shard.results.runs.length,
  };
}

/** Runs and timings in the order an unsharded benchmark makes them: size, then round, then the scenario list. */
function inPlanOrder<T extends { scenarioId: string; tableRows: number; repeat?: number }>(items: T[], order: ReadonlyMap<string, number>): T[] {
  return items.sort((a, b) => a.tableRows - b.tableRows || (a.repeat ?? 0) - (b.repeat ?? 0) || (order.get(a.scenarioId) ?? 0) - (order.get(b.scenarioId) ?? 0));
}

function unionBy<T>(lists: readonly T[][], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of lists.flat()) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

/**
 * The shards joined: every run and timing, the seeds and tables of every shard, the context of
 * the first with the earliest start and the latest finish, and growth and budgets judged on the
 * whole. Refuses (one line) shards that do not belong together, duplicates, and — unless
 * `allowPartial` — missing or unfinished shards, naming their cells.
 */
export function mergeShards(inputs: readonly ShardInput[], allowPartial = false): BenchmarkResults {
  if (inputs.length === 0) throw new UsageError('Nothing to merge: give the folders of the shards\' results');
  const shards = requirePlans(inputs).sort((a, b) => a.plan.index - b.plan.index);
  checkBelongTogether(shards);
  const missing = missingWork(shards);
  if (missing.lines.length > 0 && !allowPartial) throw new UsageError(`${missing.lines.join('; ')} (add --allow-partial to merge what there is)`);

  const first = shards[0]!.results;
  const origins = shards.map(originOf);
  const merged: MergeInfo = {
    count: shards[0]!.plan.count,
    shards: origins,
    differentMachines: differentMachines(origins),
    incomplete: missing.lines.length > 0 ? { missingShards: missing.missingShards, missingUnits: missing.missingUnits } : null,
  };
  const { shard: _plan, ...context } = first.context;
  const finished = shards.map((shard) => shard.results.context.finishedAt);
  const order = new Map(first.scenarios.map((scenario, position) => [scenario.id as string, position]));
  const results: BenchmarkResults = {
    ...first,
    context: {
      ...context,
      startedAt: shards.map((shard) => shard.results.context.startedAt).sort()[0]!,
      finishedAt: finished.includes(null) ? null : (finished as string[]).sort().at(-1)!,
      seeds: unionBy(shards.map((shard) => shard.results.context.seeds), (seed) => String(seed.rows)).sort((a, b) => a.rows - b.rows),
      tables: unionBy<TableInfo>(shards.map((shard) => shard.results.context.tables), (table) => `${table.table}@${table.requestedRows}`),
      merged,
    },
    runs: inPlanOrder<RunResult>(shards.flatMap((shard) => shard.results.runs), order),
    timings: inPlanOrder<TimingEntry>(shards.flatMap((shard) => shard.results.timings), order),
    repeats: inPlanOrder(shards.flatMap((shard) => shard.results.repeats ?? []), order),
  };
  results.growth = growthEntries(results);
  results.budgets = judgeBudgets(results.scenarios, results.runs);
  return results;
}
