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

/**
 * Calls `interrupt` once on the first SIGINT/SIGTERM (so the caller can stop children and the
 * server gracefully), and exits at once on a second one.
 */
export function onInterrupt(interrupt: (signal: NodeJS.Signals) => void): void {
  let interrupted = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      process.exit(130);
    }
    interrupted = true;
    interrupt(signal);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
