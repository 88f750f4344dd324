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
