import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { BinaryCopyRowCounter } from '../../../../harness/run/copy-rows.js';

/** Binary COPY data as PostgreSQL frames it: header (with a 3-byte extension), tuples, trailer. */
function binaryCopy(tuples: Array<Array<Buffer | null>>): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9])];
  for (const fields of tuples) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(fields.length);
    parts.push(count);
    for (const field of fields) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length, field ?? Buffer.alloc(0));
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

async function count(data: Buffer, chunkBytes: number): Promise<{ rows: number; reports: number[]; passed: Buffer }> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkBytes) chunks.push(data.subarray(at, at + chunkBytes));
  const reports: number[] = [];
  const counter = new BinaryCopyRowCounter((rows) => reports.push(rows), 2);
  const received: Buffer[] = [];
  await pipeline(Readable.from(chunks), counter, new Writable({ write: (chunk: Buffer, _encoding, done) => (received.push(chunk), done()) }));
  return { rows: counter.rows, reports, passed: Buffer.concat(received) };
}

test('counts the tuples of binary COPY data however it is cut, passing the bytes through unchanged', async () => {
  // Field data that looks like framing (0xffff, lengths) must be skipped, not read.
  const data = binaryCopy([[Buffer.from([0xff, 0xff]), null], [], [Buffer.alloc(70_000, 1), Buffer.from('x')], [null, null], [Buffer.from([0, 2, 0, 0])]]);
  for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 16, data.length]) {
    const { rows, reports, passed } = await count(data, chunkBytes);
    assert.equal(rows, 5, `chunks of ${chunkBytes}`);
    assert.deepEqual(reports, [2, 4, 5], `chunks of ${chunkBytes}`);
    assert.ok(passed.equals(data));
  }
});
