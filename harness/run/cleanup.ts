/**
 * Last-resort cleanup that must happen however the process ends: normal exit, an error, or
 * Ctrl-C. Handlers are synchronous because the `exit` event allows nothing else; the graceful,
 * asynchronous shutdown (drop databases, stop the server) is the caller's job, and this is the
 * net under it: kill what is still running, remove what is still on disk.
 */
type ExitHandler = () => void;

const handlers = new Set<ExitHandler>();
let installed = false;

function runAll(): void {
  for (const handler of [...handlers]) {
    handlers.delete(handler);
    try {
      handler();
    } catch {
      // Cleanup must go on for the rest.
    }
  }
}

/** Registers `handler` to run at exit; returns a function that runs it now and unregisters it. */
export function onExit(handler: ExitHandler): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  handlers.add(handler);
  return () => {
    if (handlers.delete(handler)) handler();
  };
}

/** The signals that end a benchmark like Ctrl-C: a terminal closed (SIGHUP), a CI job stopped (SIGTERM). */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The shell's exit code for a process ended by `signal`: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function exitCodeForSignal(signal: InterruptSignal): number {
  return 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal];
}

/**
 * Calls `interrupt` once on the first SIGINT, SIGTERM or SIGHUP (so the caller can stop children
 * and the server gracefully and write what was measured), and exits at once on a second one.
 */
export function onInterrupt(interrupt: (signal: InterruptSignal) => void): void {
  let interrupted = false;
  const handle = (signal: InterruptSignal): void => {
    if (interrupted) {
      process.exit(exitCodeForSignal(signal));
    }
    interrupted = true;
    interrupt(signal);
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, handle);
}
