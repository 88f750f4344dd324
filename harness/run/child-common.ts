/**
 * What both child entries (the measured child, harness/run/child.ts, and the warm timing child,
 * harness/run/timing-child.ts) share: sending over IPC, heap figures, and counting the queries and
 * connections of `pg`. Imports nothing but Node and the protocol's types.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSink } from './sink.js';
import { PROTOCOL_VERSION, type ChildConfig, type ChildMessage, type HeapFigures } from './protocol.js';
import type { ScenarioContext, VerifyReport } from '../api/index.js';
import type { VerifyOutcome } from '../results.js';

export type Outgoing = ChildMessage extends infer M ? (M extends { v: number } ? Omit<M, 'v'> : never) : never;

// A child whose parent is gone (rowmeter killed, even with SIGKILL) has nobody to report to:
// its IPC channel closes, and it ends at once rather than finishing a job nobody measures.
process.once('disconnect', () => process.exit(70));

export function send(message: Outgoing): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send({ v: PROTOCOL_VERSION, ...message }, undefined, {}, () => resolve());
  });
}

export function heapFigures(): HeapFigures {
  const usage = process.memoryUsage();
  return {
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
    rssBytes: usage.rss,
  };
}

/** The kernel's RSS high-water mark for this process (Linux), in bytes. */
export function vmHwmBytes(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface Counters {
  queries: number;
  connections: number;
}

/**
 * Counts calls of `pg.Client.prototype.query` and `connect`. Every measured library sends
 * its SQL through this one deduplicated `pg`, so one counter covers them all.
 */
export function instrumentPg(counters: Counters): void {
  // Resolve `pg` exactly as the libraries' require() does, so the patched prototype is theirs.
  const pg = createRequire(import.meta.url)('pg') as {
    Client: { prototype: { query: (...args: unknown[]) => unknown; connect: (...args: unknown[]) => unknown } };
  };
  const { query, connect } = pg.Client.prototype;
  pg.Client.prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    counters.queries += 1;
    return query.apply(this, args);
  };
  pg.Client.prototype.connect = function countedConnect(this: unknown, ...args: unknown[]) {
    counters.connections += 1;
    return connect.apply(this, args);
  };
}


/** A scenario's `verify` answer as rowmeter records it (false counts every row it reported as wrong, at least one). */
export function verifyOutcomeOf(answer: boolean | VerifyReport, rows: number): VerifyOutcome {
  if (answer === true) return { checkedRows: rows, mismatches: 0 };
  if (answer === false) return { checkedRows: rows, mismatches: Math.max(1, rows), detail: 'verify() returned false' };
  return { checkedRows: answer.checkedRows, mismatches: answer.mismatches, ...(answer.detail ? { detail: answer.detail } : {}) };
}


/**
 * The public {@link ScenarioContext} of a child's configuration, the same for a measured and a
 * timing child: its counters count into `counters`; `signal` is the child's to choose (the
 * measured child aborts it on SIGTERM and SIGINT).
 */
export function scenarioContext(config: ChildConfig, counters: Counters, signal: AbortSignal, rowsProcessed: (count: number) => void): ScenarioContext {
  const batchParam = config.params.batchSize;
  return {
    databaseUrl: config.databaseUrl,
    table: config.table,
    rows: config.tableRows,
    batchSize: typeof batchParam === 'number' ? batchParam : config.batchSize,
    params: config.params,
    signal,
    outputPath: config.outputPath,
    pipelineDepth: config.pipelineDepth,
    payloadBytes: config.payloadBytes,
    counters: { query: () => void (counters.queries += 1), connection: () => void (counters.connections += 1) },
    rowsProcessed,
    sinkBytesPerSecond: config.sinkBytesPerSecond,
    createSink: (options) => createSink(config.sinkBytesPerSecond, options),
  };
}
