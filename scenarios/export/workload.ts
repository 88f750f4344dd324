/**
 * The export every export scenario performs, in one place: every row of the seeded table becomes
 * one NDJSON line `{"id":…,"data":…}` in the run's own file (`context.outputPath`), in id order,
 * written through a stream that respects backpressure. Loaded by the measured child, so it
 * imports only Node's own modules (`pg` and `pg-copy-streams` appear as types only; a cell
 * imports them in its `setup`).
 *
 * Adding a library's export cells (one file per strategy in `scenarios/export/<library>/`):
 * - Open the file with {@link withExportFile}`(context, …)` (the sink of `--sink-rate`) and write each row with {@link writeLines}: it
 *   awaits `drain` whenever the stream's buffer is full and reports each row to
 *   `context.rowsProcessed` once written. Never call `stream.write()` yourself.
 * - `full-load`, `iterator`, `paginator`, `keyset`, `server-cursor` select {@link EXPORT_COLUMNS_SQL}
 *   (`id, data`): the driver parses each document, and {@link ndjsonLine} stringifies it again
 *   (the parse/stringify round trip those strategies pay, as users' code does).
 * - `narrow` selects {@link NARROW_COLUMNS_SQL} (`id, data::text AS data`) through the library's
 *   best streaming way and writes {@link ndjsonTextLine}: string concatenation, no parse.
 * - `copy` runs {@link COPY_TO_STDOUT_SQL} with pg-copy-streams through {@link copyIntoFile} on a
 *   `pg` client: native for `pg`; emulated where the library hands out its pooled `pg` client
 *   (say how); unsupported, with why, where it does not.
 * - Row sources: `keysetPages` and `cursorBatches` (scenarios/paging.ts) as in the backfill.
 * - Expected connections and queries go in test/integration/matrix-export.test.ts.
 */
import { once } from 'node:events';
import { createWriteStream, WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import type { CopyToStreamQuery } from 'pg-copy-streams';
import type { ScenarioContext } from '../types.js';
import { TABLE } from '../tables.js';

export { TABLE };
export { cursorBatches, keysetPages, type RawSql } from '../paging.js';

/** A row as every strategy but narrow and copy reads it: the document parsed by the driver. */
export interface ExportRow {
  id: number;
  data: unknown;
}

/** A row as narrow reads it: the document as PostgreSQL's own text, never parsed. */
export interface ExportTextRow {
  id: number;
  data: string;
}

/** The columns of {@link ExportRow}. */
export const EXPORT_COLUMNS_SQL = 'id, data';

/** The whole table in id order, documents parsed by the driver. */
export const SELECT_ROWS_SQL = `SELECT ${EXPORT_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`;

/**
 * The narrow projection: jsonb's text output. The driver sees a `text` column and hands the
 * string over as it is, so no document is parsed or stringified in the child.
 */
export const NARROW_COLUMNS_SQL = 'id, data::text AS data';

/** The whole table in id order, documents as text. */
export const NARROW_SELECT_SQL = `SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`;

/** One NDJSON line from a parsed row: `JSON.stringify` of `{ id, data }` and a newline. */
export function ndjsonLine(row: ExportRow): string {
  return `${JSON.stringify({ id: row.id, data: row.data })}\n`;
}

/**
 * One NDJSON line from a row whose document is already JSON text (narrow): concatenation only.
 * jsonb's text output is valid JSON with every control character escaped, so the line never
 * contains a raw newline.
 */
export function ndjsonTextLine(row: ExportTextRow): string {
  return `{"id":${row.id},"data":${row.data}}\n`;
}

/** The same line as {@link ndjsonTextLine}, built by the server (without the newline: COPY ends each row with one). */
export const COPY_LINE_SQL = `'{"id":' || id || ',"data":' || data::text || '}'`;

/**
 * The copy strategy's statement: the server formats every line and the child only moves bytes.
 *
 * Why CSV with two control characters: COPY's text format escapes every backslash in a value
 * (`\"` inside a JSON string comes out as `\\"`, which is invalid JSON or, worse, a different
 * string: `"a\\b"` becomes `"a\\\\b"`). CSV does no backslash escaping; it only quotes a value
 * that contains the delimiter, the quote character, a CR or a LF (or is empty, or is `\.` alone).
 * jsonb's text output escapes every character below U+0020 (`\u0001`, `\n`, …), so with
 * DELIMITER U+0002 and QUOTE U+0001 no line ever needs quoting and each row is written exactly as {@link COPY_LINE_SQL} built it,
 * followed by `\n`. (The binary format would need parsing; FORMAT text cannot turn escaping off.)
 * Checked byte-wise against documents with backslashes, quotes, control characters, newlines and
 * non-ASCII text in test/integration/export-verify.test.ts.
 */
export const COPY_TO_STDOUT_SQL = `COPY (SELECT ${COPY_LINE_SQL} FROM ${TABLE} ORDER BY id) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')`;

/** The one export file of a run, written through `fs.createWriteStream` with backpressure respected. */
export interface ExportFile {
  /** Writes a line (or, for copy, a chunk of lines); resolves once the stream can take more. */
  write(chunk: string | Uint8Array): Promise<void>;
}

/**
 * Creates the file at `target` (a path, or a context's `outputPath`, which must not exist: `wx`),
 * lets `work` write it, then ends the stream and waits until everything is flushed and the file
 * is closed. Given a context, the file is written through `ctx.createSink()`: under
 * `--sink-rate` a slow consumer that pushes back as a socket does. A stream error (disk full,
 * file exists, …) rejects the next `write` or the close; if `work` fails, the stream is destroyed
 * and the error passes through.
 */
export async function withExportFile(target: string | Pick<ScenarioContext, 'outputPath' | 'createSink'>, work: (file: ExportFile) => Promise<void>): Promise<void> {
  const stream: Writable = typeof target === 'string' ? createWriteStream(target, { flags: 'wx' }) : target.createSink({ path: target.outputPath });
  let failure: Error | null = null;
  // Keeps an error between two writes from being an uncaught 'error' event; it is rethrown below.
  stream.on('error', (error) => (failure ??= error));
  // A file says at once whether it could be created; a sink in front of one says so on a write.
  if (stream instanceof WriteStream) await once(stream, 'open');
  const file: ExportFile = {
    async write(chunk) {
      if (failure) throw failure;
      // write() returning false means the buffer is above its highWaterMark: wait for 'drain'
      // (once() rejects if 'error' comes instead), so the table never queues up in memory.
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
  };
  try {
    await work(file);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  stream.end();
  await finished(stream);
  if (failure) throw failure;
}

/** Writes one line per row, in order, reporting each row once its line has been handed to the stream. */
export async function writeLines<Row>(
  file: ExportFile,
  rows: Iterable<Row> | AsyncIterable<Row>,
  line: (row: Row) => string,
  context: Pick<ScenarioContext, 'rowsProcessed'>,
): Promise<void> {
  for await (const row of rows) {
    await file.write(line(row));
    context.rowsProcessed(1);
  }
}

/** Newlines in a chunk of COPY output: rows, since no line contains a raw newline (see {@link COPY_TO_STDOUT_SQL}). */
export function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  return lines;
}

/** pg-copy-streams' `to`, passed in by the cell that imported it at setup. */
export type CopyTo = (text: string) => CopyToStreamQuery;

/**
 * Streams {@link COPY_TO_STDOUT_SQL} from `client` into the file: the raw chunks (not aligned to
 * rows) go to the file as they are, with backpressure; each chunk's newlines are reported as rows.
 * One `pg.Client#query` call. Resolves once the client is idle again (its `drain` event: the
 * COPY's CommandComplete and ReadyForQuery have arrived, so the client can be released or ended)
 * and the server's row count matches the lines written.
 */
export async function copyIntoFile(client: pg.ClientBase, copyTo: CopyTo, file: ExportFile, context: Pick<ScenarioContext, 'rowsProcessed'>): Promise<void> {
  // Listen before submitting: the end of the COPY and ReadyForQuery can arrive in one packet.
  const idle = new Promise<void>((resolve) => client.once('drain', () => resolve()));
  const copy = client.query(copyTo(COPY_TO_STDOUT_SQL));
  let lines = 0;
  for await (const chunk of copy as AsyncIterable<Buffer>) {
    await file.write(chunk);
    const rows = countLines(chunk);
    lines += rows;
    context.rowsProcessed(rows);
  }
  await idle;
  if (copy.rowCount !== lines) throw new Error(`COPY reported ${copy.rowCount} rows but ${lines} lines arrived`);
}
