/**
 * A mistake in what the user asked for (a bad flag, an unreadable file, an unreachable
 * server). The CLI prints its message on one line and exits with {@link UsageError.exitCode},
 * never with a stack trace.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** What failed around the benchmark (not in it): the database went away, or a disk filled. */
export type EnvironmentFailureKind = 'database-lost' | 'disk-full';

/**
 * The environment failed: the database server went away or a disk is full. Not the user's
 * mistake and not a scenario's failure; the CLI prints the one-line message and exits with
 * {@link EnvironmentError.exitCode} (3), so a nightly job can tell a flaky machine from a
 * regression. What was measured before is kept.
 */
export class EnvironmentError extends Error {
  readonly exitCode = 3;
  constructor(
    readonly kind: EnvironmentFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EnvironmentError';
  }
}

/** True for a "no space left on device" error from Node (ENOSPC) or PostgreSQL (SQLSTATE 53100). */
export function isDiskFull(error: unknown): boolean {
  const record = error as { code?: unknown; message?: unknown } | null;
  if (record === null || typeof record !== 'object') return false;
  return record.code === 'ENOSPC' || record.code === '53100' || (typeof record.message === 'string' && /no space left on device/i.test(record.message));
}
