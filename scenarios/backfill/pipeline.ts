/**
 * At most `depth` promises in flight: `add` waits, when the window is full, for the oldest to
 * settle before taking the next; `drain` waits for the rest. The window a `pipelined` scenario
 * keeps its queries in (--pipeline-depth). The first failure is thrown.
 */
export class InFlight {
  private readonly pending: Array<Promise<unknown>> = [];

  constructor(private readonly depth: number) {
    if (!Number.isSafeInteger(depth) || depth < 1) throw new Error(`pipeline depth must be a positive integer, got ${depth}`);
  }

  /** Adds a promise already under way; resolves when there is room for the next one. */
  async add(promise: Promise<unknown>): Promise<void> {
    // Every promise gets a handler now, so a failure waiting behind others is never "unhandled".
    promise.catch(() => undefined);
    this.pending.push(promise);
    if (this.pending.length >= this.depth) await this.pending.shift();
  }

  /** Waits for every promise still in flight. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }
}
