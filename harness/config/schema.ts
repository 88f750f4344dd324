/**
 * The shapes of a user's `rowmeter.config.ts` and scenario files, checked with zod before
 * anything touches a database. Every problem becomes one line that names the file and the key
 * (`rowmeter.config.ts: tables[0].existng is not an option — did you mean existing?`).
 */
import { z } from 'zod';
import type { Budget, RowmeterConfig, ScenarioDefinition, TableDefinition } from '../api/index.js';
import { parseBytes, parseDurationMs } from './units.js';

function quantity(parse: (text: unknown) => { value: number } | { error: string }) {
  return z.string({ error: (issue) => (parse(issue.input) as { error: string }).error }).superRefine((text, context) => {
    const parsed = parse(text);
    if ('error' in parsed) context.addIssue({ code: 'custom', message: parsed.error });
  });
}

const bytes = quantity(parseBytes);
const duration = quantity(parseDurationMs);

export const budgetSchema = z.strictObject({
  peakRss: bytes.optional(),
  peakHeap: bytes.optional(),
  retained: bytes.optional(),
  wallTime: duration.optional(),
}) satisfies z.ZodType<Budget>;

export const tableSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, 'expected a table name such as accounts or public.accounts'),
  existing: z.boolean().optional(),
  seeded: z.literal('rowmeter').optional(),
}) satisfies z.ZodType<TableDefinition>;

const rowCount = z.union([z.number().int().positive(), z.string().min(1)], { error: 'expected a row count such as 50000 or "50k"' });
const names = z.union([z.string(), z.array(z.string())], { error: 'expected a name or a list of names' });
const positiveInteger = z.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a number above 0');
const percent = z.number({ error: 'expected a number (percent)' }).nonnegative('expected a percentage of 0 or more');

export const configSchema = z.strictObject({
  tables: z.array(tableSchema).optional(),
  scenarios: names.optional(),
  builtin: z.boolean().optional(),
  rows: z.union([rowCount, z.array(rowCount).min(1)], { error: 'expected a row count or a list of them' }).optional(),
  repeat: positiveInteger.optional(),
  budget: budgetSchema.optional(),
  databaseUrl: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  workload: names.optional(),
  libraries: names.optional(),
  strategies: names.optional(),
  batchSize: positiveInteger.optional(),
  payloadBytes: positiveInteger.optional(),
  pipelineDepth: positiveInteger.optional(),
  interval: positiveInteger.optional(),
  timeout: positiveInteger.optional(),
  memoryLimit: positiveInteger.optional(),
  heapLimit: positiveInteger.optional(),
  projectRows: rowCount.optional(),
  timing: z.boolean().optional(),
  timingIterations: positiveInteger.optional(),
  timingBudget: positiveInteger.optional(),
  baseline: z.string().min(1).optional(),
  history: z.string().min(1).optional(),
  maxMemoryRegression: percent.optional(),
  maxTimeRegression: percent.optional(),
}) satisfies z.ZodType<RowmeterConfig>;

const aFunction = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: 'expected a function' });
const paramValue = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'expected a name of letters, digits and . _ - : @ / (no spaces or brackets)'),
  table: z.string().min(1, 'expected the name of a table of the config'),
  description: z.string().optional(),
  tags: z.record(z.string(), z.string({ error: 'expected a string' })).optional(),
  params: z.record(z.string(), z.array(paramValue).min(1, 'expected at least one value')).optional(),
  budget: budgetSchema.optional(),
  version: positiveInteger.optional(),
  setup: aFunction,
  verify: aFunction.optional(),
});

/** A config after validation. */
export type ValidConfig = z.infer<typeof configSchema>;

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

/** `tables[0].existng` from zod's path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text;
}

/** The object schema at `path` inside `schema`, to know which keys were allowed there. */
function shapeAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: z.ZodType = schema;
  for (const part of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(part)] ?? current;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** Whether `value` has something at `path` (zod does not keep the input in its issues). */
function presentAt(value: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !(part in current)) return false;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current !== undefined;
}

/** The first problem zod found in `value`, as one line after `file: `. */
export function describeIssue(schema: z.ZodType, error: z.ZodError, value: unknown, prefix: ReadonlyArray<PropertyKey> = []): string {
  // A misspelt key explains the missing one it was meant to be: say that first.
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0]!;
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = formatPath([...path, key]);
    const suggestion = closestName(key, shapeAt(schema, issue.path));
    return `${where} is not an option${suggestion ? ` — did you mean ${suggestion}?` : ` (options: ${shapeAt(schema, issue.path).join(', ')})`}`;
  }
  const where = path.length > 0 ? formatPath(path) : 'the default export';
  if (issue.code === 'invalid_type' && !presentAt(value, issue.path)) return `${where} is required`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
