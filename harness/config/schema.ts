/**
 * The shapes of a user's `rowmeter.config.ts` and scenario files, checked with valibot before
 * anything touches a database (valibot rather than zod: 1.8 MB installed against 8 MB, and an
 * installed rowmeter must stay small). Every problem becomes one line that names the file and
 * the key (`rowmeter.config.ts: tables[0].existng is not an option — did you mean existing?`).
 */
import * as v from 'valibot';
import type { Budget, ColumnSpec, ScenarioDefinition, TableDefinition } from '../api/index.js';
import { parseBytes, parseDurationMs } from './units.js';

function quantity(parse: (text: unknown) => { value: number } | { error: string }) {
  return v.pipe(
    v.string((issue) => (parse(issue.input) as { error: string }).error),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const parsed = parse(dataset.value);
      if ('error' in parsed) addIssue({ message: parsed.error });
    }),
  );
}

const bytes = quantity(parseBytes);
const duration = quantity(parseDurationMs);

export const budgetSchema = v.strictObject({
  peakRss: v.optional(bytes),
  peakHeap: v.optional(bytes),
  retained: v.optional(bytes),
  wallTime: v.optional(duration),
});

export const tableSchema = v.strictObject({
  name: v.pipe(v.string('expected a table name'), v.regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, 'expected a table name such as accounts or public.accounts')),
  existing: v.optional(v.boolean('expected true or false')),
  seeded: v.optional(v.literal('rowmeter', 'expected "rowmeter" (the built-in seeded table)')),
  // Column specs are checked by the generators themselves (seed/columns.ts), for each table size,
  // with messages that name the table and the column.
  columns: v.optional(v.record(v.string(), v.custom<ColumnSpec>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), 'expected a column spec such as { type: "integer" }'), 'expected an object of column specs, by column name')),
  primaryKey: v.optional(v.union([v.string(), v.array(v.string())], 'expected a column name or a list of them')),
  indexes: v.optional(v.array(v.union([v.string(), v.array(v.string())]), 'expected a list of column names (or lists of them)')),
  seed: v.optional(v.pipe(v.number('expected a whole number'), v.safeInteger('expected a whole number'))),
  rows: v.optional(v.pipe(v.number('expected a row count'), v.integer('expected a whole number of rows'), v.minValue(0, 'expected a row count of 0 or more'))),
});

const rowCount = v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.pipe(v.string(), v.minLength(1))], 'expected a row count such as 50000 or "50k"');
const names = v.union([v.string(), v.array(v.string())], 'expected a name or a list of names');
const positiveInteger = v.pipe(v.number('expected a number'), v.integer('expected a whole number'), v.minValue(1, 'expected a number above 0'));
const milliseconds = v.pipe(v.number('expected a number (ms)'), v.minValue(0, 'expected 0 or more (ms)'));
const percent = v.pipe(v.number('expected a number (percent)'), v.minValue(0, 'expected a percentage of 0 or more'));
const text = v.pipe(v.string('expected a string'), v.minLength(1, 'expected a non-empty string'));

export const configSchema = v.strictObject({
  tables: v.optional(v.array(tableSchema, 'expected a list of tables')),
  scenarios: v.optional(names),
  builtin: v.optional(v.boolean('expected true or false')),
  rows: v.optional(v.union([rowCount, v.pipe(v.array(rowCount), v.minLength(1))], 'expected a row count or a list of them')),
  repeat: v.optional(v.union([positiveInteger, v.literal('auto')], 'expected a whole number of runs, or "auto"')),
  budget: v.optional(budgetSchema),
  databaseUrl: v.optional(text),
  out: v.optional(text),
  workload: v.optional(names),
  libraries: v.optional(names),
  strategies: v.optional(names),
  batchSize: v.optional(v.union([positiveInteger, v.pipe(v.array(positiveInteger), v.minLength(1))], 'expected a whole number above 0 or a list of them')),
  latency: v.optional(v.union([milliseconds, v.pipe(v.array(milliseconds), v.minLength(1))], 'expected a round trip in ms (0 or more) or a list of them')),
  bandwidth: v.optional(v.pipe(v.number('expected a number (Mbit/s)'), v.gtValue(0, 'expected a rate above 0 (Mbit/s)'))),
  variants: v.optional(v.pipe(v.array(text, 'expected a list of variants such as "old=pg@8.11.3"'), v.minLength(2, 'expected at least two variants'))),
  sinkRate: v.optional(v.pipe(v.number('expected a number (MB/s)'), v.gtValue(0, 'expected a rate above 0 (MB/s)'))),
  payloadBytes: v.optional(positiveInteger),
  pipelineDepth: v.optional(positiveInteger),
  interval: v.optional(positiveInteger),
  timeout: v.optional(positiveInteger),
  memoryLimit: v.optional(positiveInteger),
  heapLimit: v.optional(positiveInteger),
  projectRows: v.optional(rowCount),
  timing: v.optional(v.boolean('expected true or false')),
  timingIterations: v.optional(positiveInteger),
  timingBudget: v.optional(positiveInteger),
  baseline: v.optional(text),
  history: v.optional(text),
  durations: v.optional(text),
  maxMemoryRegression: v.optional(percent),
  maxTimeRegression: v.optional(percent),
});

const aFunction = v.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function');
const paramValue = v.union([v.string(), v.number(), v.boolean()], 'expected a string, number or boolean');

export const scenarioSchema = v.strictObject({
  name: v.pipe(v.string('expected a string'), v.regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'expected a name of letters, digits and . _ - : @ / (no spaces or brackets)')),
  table: v.pipe(v.string('expected the name of a table of the config'), v.minLength(1, 'expected the name of a table of the config')),
  description: v.optional(v.string('expected a string')),
  tags: v.optional(v.record(v.string(), v.string('expected a string'))),
  params: v.optional(v.record(v.string(), v.pipe(v.array(paramValue, 'expected a list of values'), v.minLength(1, 'expected at least one value')))),
  budget: v.optional(budgetSchema),
  version: v.optional(positiveInteger),
  workload: v.optional(v.picklist(['backfill', 'export', 'import'], 'expected "backfill", "export" or "import" (a built-in workload)')),
  support: v.optional(v.picklist(['native', 'emulated', 'unsupported'], 'expected "native", "emulated" or "unsupported"')),
  unsupportedReason: v.optional(text),
  notes: v.optional(v.array(text, 'expected a list of strings')),
  setup: aFunction,
  verify: v.optional(aFunction),
});

/** A config after validation. */
export type ValidConfig = v.InferOutput<typeof configSchema>;
/** A scenario's default export after validation. */
export type ValidScenario = v.InferOutput<typeof scenarioSchema>;

// The schemas take exactly the public types' keys (a key added to one and not the other fails here).
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const budgetKeysMatch: SameKeys<v.InferOutput<typeof budgetSchema>, Budget> = true;
const tableKeysMatch: SameKeys<v.InferOutput<typeof tableSchema>, TableDefinition> = true;
const scenarioKeysMatch: SameKeys<v.InferOutput<typeof scenarioSchema>, ScenarioDefinition> = true;
void budgetKeysMatch;
void tableKeysMatch;
void scenarioKeysMatch;

/** Levenshtein distance, for "did you mean" (names are short). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest of `candidates` to `name`, when it is close enough to be a typo. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** `tables[0].existng` from a path of keys. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let result = '';
  for (const part of path) result += typeof part === 'number' ? `[${part}]` : `${result === '' ? '' : '.'}${String(part)}`;
  return result;
}

/** What valibot's schemas expose to walk into (every schema is one of these, or has none of them). */
interface Walkable {
  type: string;
  entries?: Record<string, Walkable>;
  wrapped?: Walkable;
  item?: Walkable;
  value?: Walkable;
}

/** The keys an object schema at `path` inside `schema` allows, to say which one was meant. */
function keysAt(schema: Walkable, path: ReadonlyArray<PropertyKey>): string[] {
  let current: Walkable | undefined = schema;
  for (const part of path) {
    while (current?.wrapped) current = current.wrapped;
    current = current?.entries?.[String(part)] ?? current?.item ?? current?.value;
  }
  while (current?.wrapped) current = current.wrapped;
  return Object.keys(current?.entries ?? {});
}

type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

/** The first problem valibot found, as one line after `file: `. A misspelt key is said first: it explains the missing one it was meant to be. */
export function describeIssue(schema: Walkable, issues: Issues): string {
  const unknownKey = issues.find((issue) => issue.type === 'strict_object' && issue.expected === 'never');
  const issue = unknownKey ?? issues[0];
  const path = (issue.path ?? []).map((item) => item.key as PropertyKey);
  const where = path.length > 0 ? formatPath(path) : 'the default export';
  if (unknownKey) {
    const key = String(path[path.length - 1]);
    const allowed = keysAt(schema, path.slice(0, -1));
    const suggestion = closestName(key, allowed);
    return `${where} is not an option${suggestion ? ` — did you mean ${suggestion}?` : ` (options: ${allowed.join(', ')})`}`;
  }
  if (issue.type === 'strict_object' && issue.received === 'undefined') return `${where} is required`;
  return `${where}: ${issue.message}`;
}

/** Checks `value` against `schema`: the valid output, or the one line describing its first problem. */
export function check<S extends v.GenericSchema>(schema: S, value: unknown): { output: v.InferOutput<S> } | { problem: string } {
  const result = v.safeParse(schema, value);
  return result.success ? { output: result.output } : { problem: describeIssue(schema as unknown as Walkable, result.issues) };
}
