import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { withClient } from '../database.js';
import type { VerifyOutcome } from '../../results.js';
import { TABLE } from '../../../scenarios/tables.js';
import type { WorkloadDefinition } from './types.js';

/**
 * JSON text of `value` with every object's keys in sorted order, recursively, and no spaces:
 * two parsed documents are equal exactly when their canonical forms are. Both sides of the
 * export check go through it, so neither jsonb's key order and spacing nor JavaScript's
 * (integer-like keys first) matters. Numbers are compared as JavaScript numbers on both sides.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One line of a file: its bytes without the newline, and whether a newline ended it. */
export interface FileLine {
  bytes: Buffer;
  terminated: boolean;
}

/**
 * Splits a byte stream into lines at `\n`, holding only the current line: a file of any size
 * is read in constant memory (plus its longest line). A last line without a newline is yielded
 * with `terminated: false`; an empty file yields nothing.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<FileLine> {
  let pending: Buffer[] = [];
  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      const piece = buffer.subarray(start, end);
      yield { bytes: pending.length > 0 ? Buffer.concat([...pending, piece]) : piece, terminated: true };
      pending = [];
      start = end + 1;
    }
    if (start < buffer.length) pending.push(buffer.subarray(start));
  }
  if (pending.length > 0) yield { bytes: Buffer.concat(pending), terminated: false };
}

/** A line that is a well-formed `{"id":…,"data":…}` object, its document in canonical form. */
export interface ParsedLine {
  id: number;
  canonicalData: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses one export line, or says in a few words why it is not one. */
export function parseExportLine(bytes: Uint8Array): ParsedLine | { problem: string } {
  if (bytes.length === 0) return { problem: 'empty line' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const keys = Object.keys(value);
  if (keys.length !== 2 || keys[0] !== 'id' || keys[1] !== 'data') return { problem: `keys ${keys.join(',') || '(none)'}, expected id,data` };
  const { id, data } = value as { id: unknown; data: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { problem: `id ${JSON.stringify(id)} is not an integer` };
  return { id, canonicalData: canonicalJson(data) };
}

/** Rows per FETCH when streaming the reference documents. */
const REFERENCE_BATCH_ROWS = 1000;

/**
 * The table's documents in id order, each in canonical form, streamed with pg-cursor (never the
 * whole table in memory). The table must hold exactly ids 1..`expectedRows` (the seed's); an
 * export never changes it, so anything else means the reference itself is wrong: an error.
 */
class ReferenceRows {
  private batch: Array<{ id: number; data: string }> = [];
  private index = 0;
  private position = 0;
  private exhausted = false;
  private readonly cursor: Cursor<{ id: number; data: string }>;

  constructor(
    client: pg.Client,
    private readonly expectedRows: number,
  ) {
    this.cursor = client.query(new Cursor<{ id: number; data: string }>(`SELECT id, data::text AS data FROM ${TABLE} ORDER BY id`));
  }

  /** The next row's canonical document (its id is the row's position), or null after the last. */
  async next(): Promise<string | null> {
    if (this.index >= this.batch.length && !this.exhausted) {
      this.batch = await this.cursor.read(REFERENCE_BATCH_ROWS);
      this.index = 0;
      if (this.batch.length === 0) this.exhausted = true;
    }
    const row = this.batch[this.index];
    if (!row) {
      if (this.position !== this.expectedRows) throw new Error(`${TABLE} holds ${this.position} rows, expected ${this.expectedRows}`);
      return null;
    }
    this.index += 1;
    this.position += 1;
    if (row.id !== this.position || this.position > this.expectedRows) {
      throw new Error(`${TABLE} does not hold ids 1..${this.expectedRows} in order: row ${this.position} has id ${row.id}`);
    }
    return canonicalJson(JSON.parse(row.data));
  }

  close(): Promise<void> {
    return this.cursor.close();
  }
}

/** Counts wrong lines and keeps the first problem's description. */
class Tally {
  mismatches = 0;
  detail: string | undefined;
  add(problem: string, count = 1): void {
    this.mismatches += count;
    this.detail ??= problem;
  }
}

/**
 * Checks an export's file against the database, independently of the scenario's code: exactly
 * `expectedRows` lines, each a `{"id":…,"data":…}` object ending in a newline, ids 1..N once
 * each in order, every document equal to the table's (compared in canonical form, so key order
 * and spacing do not matter). The file and the table are read in lockstep, both streamed, and
 * matched by id, so the lines after a problem still match: a missing, repeated, extra or altered
 * line is one mismatch, two swapped lines are two. A line that is unreadable or carries an id
 * outside the table stands in for the next id the file skips (one corrupted line is one
 * mismatch, not also a missing one). `detail` names the first problem, e.g.
 * "line 17: id 17 expected, got 18".
 */
export async function verifyExport(databaseUrl: string, outputPath: string, expectedRows: number): Promise<VerifyOutcome> {
  const exists = await stat(outputPath).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!exists) return { checkedRows: 0, mismatches: expectedRows, detail: `no export file at ${outputPath}` };

  return withClient(databaseUrl, async (client) => {
    const reference = new ReferenceRows(client, expectedRows);
    const tally = new Tally();
    /** The next id the file must hold: every id below it was matched or counted missing. */
    let nextId = 1;
    let nextDocument = await reference.next();
    let previousId: number | null = null;
    let lineNumber = 0;
    /** Wrong lines already counted that may have taken the place of an id the file skips. */
    let standIns = 0;

    for await (const line of splitLines(createReadStream(outputPath))) {
      lineNumber += 1;
      const where = `line ${lineNumber}`;
      const parsed = parseExportLine(line.bytes);
      if ('problem' in parsed) {
        tally.add(`${where}: ${parsed.problem}`);
        standIns += 1;
        continue;
      }
      const { id } = parsed;
      const seenBefore = previousId;
      previousId = id;
      if (id < 1 || id > expectedRows) {
        tally.add(`${where}: id ${id} is not in the table (ids 1..${expectedRows})`);
        standIns += 1;
        continue;
      }
      if (id < nextId) {
        tally.add(id === seenBefore ? `${where}: id ${id} repeated` : `${where}: id ${id} out of order (after id ${nextId - 1})`);
        continue;
      }
      // Every id the file skipped is a missing line, unless a wrong line already counted took its place.
      for (; nextId < id; nextId += 1, nextDocument = await reference.next()) {
        if (standIns > 0) standIns -= 1;
        else tally.add(`${where}: id ${nextId} expected, got ${id}`);
      }
      if (parsed.canonicalData !== nextDocument) tally.add(`${where}: document of id ${id} differs`);
      else if (!line.terminated) tally.add(`${where}: no newline at the end of the file`);
      nextId += 1;
      nextDocument = await reference.next();
    }

    const missingAtEnd = expectedRows - nextId + 1;
    if (missingAtEnd > 0) {
      const uncounted = Math.max(0, missingAtEnd - standIns);
      if (uncounted > 0) tally.add(`missing ${missingAtEnd} line${missingAtEnd === 1 ? '' : 's'} at the end (ids ${nextId}..${expectedRows})`, uncounted);
      while (nextDocument !== null) nextDocument = await reference.next();
    }
    await reference.close();
    return tally.detail === undefined
      ? { checkedRows: lineNumber, mismatches: 0 }
      : { checkedRows: lineNumber, mismatches: tally.mismatches, detail: tally.detail };
  });
}

export const exportWorkload: WorkloadDefinition = {
  name: 'export',
  description: 'Write every row to a file as one NDJSON line {"id":…,"data":…}, in id order, respecting backpressure.',
  // The file is the run's own: a leftover of an earlier run at the same path must not count.
  prepare: (target) => rm(target.outputPath, { force: true }),
  verify: (target) => verifyExport(target.databaseUrl, target.outputPath, target.tableRows),
  cleanup: (target) => rm(target.outputPath, { force: true }),
  async reset(_client, target) {
    const lines = await countLines(target.outputPath);
    await rm(target.outputPath, { force: true });
    return lines;
  },
};

/** Newlines in a file (0 when it does not exist), read as a stream. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      for (const byte of chunk as Buffer) if (byte === 0x0a) lines += 1;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  return lines;
}
