import { Transform, type TransformCallback } from 'node:stream';

/** Signature (11 bytes), flags (4) and the header extension's length (4) of binary COPY. */
const HEADER_BYTES = 19;

/** What the counter reads next: the header, a tuple's field count, or a field's length. */
type Expecting = 'header' | 'fieldCount' | 'fieldLength' | 'end';

const SIZE: Record<Exclude<Expecting, 'end'>, number> = { header: HEADER_BYTES, fieldCount: 2, fieldLength: 4 };

/**
 * Passes binary COPY data (`FORMAT binary`) through unchanged while counting its tuples, so a
 * table copy can report progress in rows without parsing the values: it only follows the
 * framing (a 16-bit field count per tuple, a 32-bit length before each field, -1 at the end).
 * A frame split across chunks is kept in a few pending bytes; field data is skipped, not copied.
 */
export class BinaryCopyRowCounter extends Transform {
  /** Tuples seen so far. */
  rows = 0;
  private expecting: Expecting = 'header';
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private fieldsLeft = 0;

  /** @param onRows - called after every `reportEvery` tuples and once at the end with the total. */
  constructor(
    private readonly onRows: (rows: number) => void = () => undefined,
    private readonly reportEvery = 10_000,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.scan(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.onRows(this.rows);
    done();
  }

  private scan(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.expecting !== 'end') {
      if (this.skip > 0) {
        const skipped = Math.min(this.skip, chunk.length - at);
        this.skip -= skipped;
        at += skipped;
        continue;
      }
      const size = SIZE[this.expecting];
      if (this.pending.length === 0 && chunk.length - at >= size) {
        // The common case: the whole frame is in this chunk, read it in place.
        this.frame(chunk.subarray(at, at + size));
        at += size;
        continue;
      }
      const taken = Math.min(size - this.pending.length, chunk.length - at);
      this.pending = Buffer.concat([this.pending, chunk.subarray(at, at + taken)]);
      at += taken;
      if (this.pending.length < size) return;
      const frame = this.pending;
      this.pending = Buffer.alloc(0);
      this.frame(frame);
    }
  }

  private frame(bytes: Buffer): void {
    if (this.expecting === 'header') {
      this.skip = bytes.readUInt32BE(15);
      this.expecting = 'fieldCount';
    } else if (this.expecting === 'fieldCount') {
      this.tuple(bytes.readInt16BE(0));
    } else {
      const length = bytes.readInt32BE(0);
      if (length > 0) this.skip = length;
      this.fieldsLeft -= 1;
      if (this.fieldsLeft === 0) this.expecting = 'fieldCount';
    }
  }

  private tuple(fields: number): void {
    if (fields === -1) {
      this.expecting = 'end';
      return;
    }
    this.rows += 1;
    if (this.rows % this.reportEvery === 0) this.onRows(this.rows);
    this.fieldsLeft = fields;
    this.expecting = fields > 0 ? 'fieldLength' : 'fieldCount';
  }
}
