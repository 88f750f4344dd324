/**
 * The import every import scenario performs: insert rows 1..N of the seed into an empty table
 * of the seeded table's shape (IMPORT_TABLE, created by the harness before the run), from the
 * seed's own deterministic generator running in the child (seed/rows.ts), so the result can be
 * checked row for row against the seeded table. Loaded by the measured child, so it imports
 * nothing heavy.
 *
 * The strategies differ in how rows reach the server:
 * - `row-by-row`: one INSERT per row, awaited: a round trip each;
 * - `batched`: the library's own bulk insert, `--batch-size` rows per call;
 * - `all-at-once`: every row built in memory first, then one library call: the naive version
 *   (with three parameters per row, the protocol's 65,535-parameter limit is passed beyond
 *   21,845 rows: what each library then does is the finding);
 * - `unnest`: one INSERT per batch with three array parameters, whatever the batch size;
 * - `copy`: `COPY … FROM STDIN` streamed from the generator.
 */
import { IMPORT_TABLE, type SeedDocument } from '../tables.js';
import { copyTextLine, documentObject, documentText } from '../../seed/rows.js';

export { IMPORT_TABLE };

/** A row to import, with its document as text (what raw SQL sends as a jsonb parameter). */
export interface ImportTextRow {
  id: number;
  data: string;
  field: number;
}

/** A row to import, with its document as an object (what ORMs serialise themselves). */
export interface ImportObjectRow {
  id: number;
  data: SeedDocument;
  field: number;
}

/** The value every imported row's `field` holds, as in the seed. */
export const UNSET_FIELD = -1;

/** Rows 1..N as text documents, made one at a time as they are consumed. */
export function* textRows(rows: number, payloadBytes: number): Generator<ImportTextRow> {
  for (let id = 1; id <= rows; id += 1) yield { id, data: documentText(id, payloadBytes), field: UNSET_FIELD };
}

/** Rows 1..N as document objects, made one at a time as they are consumed. */
export function* objectRows(rows: number, payloadBytes: number): Generator<ImportObjectRow> {
  for (let id = 1; id <= rows; id += 1) yield { id, data: documentObject(id, payloadBytes), field: UNSET_FIELD };
}

/** Groups a stream of rows into arrays of at most `size`. */
export function* batches<Row>(rows: Iterable<Row>, size: number): Generator<Row[]> {
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`batch size must be a positive integer, got ${size}`);
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** One row: `$1` id, `$2` the document as jsonb text, `$3` field. */
export const ROW_INSERT_SQL = `INSERT INTO ${IMPORT_TABLE} (id, data, field) VALUES ($1, $2::jsonb, $3)`;

/** A multi-row VALUES insert of `count` rows: three parameters per row. */
export function valuesInsertSql(count: number): string {
  const tuples = Array.from({ length: count }, (_, index) => `($${index * 3 + 1}, $${index * 3 + 2}::jsonb, $${index * 3 + 3})`);
  return `INSERT INTO ${IMPORT_TABLE} (id, data, field) VALUES ${tuples.join(', ')}`;
}

/** The parameters of {@link valuesInsertSql}, row after row. */
export function valuesParameters(rows: readonly ImportTextRow[]): Array<number | string> {
  return rows.flatMap((row) => [row.id, row.data, row.field]);
}

/** A batch with three array parameters whatever its size: `$1` int[] ids, `$2` jsonb[] documents, `$3` int[] fields. */
export const UNNEST_INSERT_SQL = `INSERT INTO ${IMPORT_TABLE} (id, data, field)
  SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[])`;

/** The parameters of {@link UNNEST_INSERT_SQL} for a batch. */
export function unnestParameters(rows: readonly ImportTextRow[]): [number[], string[], number[]] {
  return [rows.map((row) => row.id), rows.map((row) => row.data), rows.map((row) => row.field)];
}

/** The COPY statement an import streams into. */
export const COPY_FROM_SQL = `COPY ${IMPORT_TABLE} (id, data, field) FROM STDIN`;

/** Piece size of the COPY stream, in characters. */
const COPY_PIECE_CHARS = 1 << 16;

/**
 * The COPY text of rows 1..N, in pieces, made as the stream asks for them (a Readable from this
 * generator respects the socket's backpressure); calls `done(rows)` after each piece.
 */
export function* copyPieces(rows: number, payloadBytes: number, done: (rows: number) => void): Generator<string> {
  let piece = '';
  let pending = 0;
  for (let id = 1; id <= rows; id += 1) {
    piece += copyTextLine(id, payloadBytes);
    pending += 1;
    if (piece.length >= COPY_PIECE_CHARS) {
      yield piece;
      done(pending);
      piece = '';
      pending = 0;
    }
  }
  if (piece.length > 0) {
    yield piece;
    done(pending);
  }
}
