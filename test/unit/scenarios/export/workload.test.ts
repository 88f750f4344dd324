import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  COPY_LINE_SQL,
  COPY_TO_STDOUT_SQL,
  countLines,
  NARROW_SELECT_SQL,
  ndjsonLine,
  ndjsonTextLine,
  SELECT_ROWS_SQL,
  withExportFile,
  writeLines,
} from '../../../../scenarios/export/workload.js';

const directory = mkdtempSync(join(tmpdir(), 'rowmeter-export-unit-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(directory, `file-${(files += 1)}.ndjson`);

test('ndjsonLine stringifies { id, data } in that order, one line with its newline', () => {
  assert.equal(ndjsonLine({ id: 7, data: { b: 'say "hi"\\', a: [1, null] } }), '{"id":7,"data":{"b":"say \\"hi\\"\\\\","a":[1,null]}}\n');
  assert.equal(ndjsonLine({ id: 1, data: { text: 'two\nlines' } }), '{"id":1,"data":{"text":"two\\nlines"}}\n', 'a newline inside a string stays escaped');
});

test('ndjsonTextLine concatenates the document text as it is, no parse', () => {
  assert.equal(ndjsonTextLine({ id: 42, data: '{"a": "x\\\\y", "b": [1, 2]}' }), '{"id":42,"data":{"a": "x\\\\y", "b": [1, 2]}}\n');
});

test('the statements: id order everywhere, data::text for narrow, COPY in CSV with control characters as delimiter and quote', () => {
  assert.equal(SELECT_ROWS_SQL, 'SELECT id, data FROM rowmeter_rows ORDER BY id');
  assert.equal(NARROW_SELECT_SQL, 'SELECT id, data::text AS data FROM rowmeter_rows ORDER BY id');
  assert.equal(COPY_LINE_SQL, `'{"id":' || id || ',"data":' || data::text || '}'`);
  assert.equal(
    COPY_TO_STDOUT_SQL,
    `COPY (SELECT '{"id":' || id || ',"data":' || data::text || '}' FROM rowmeter_rows ORDER BY id) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')`,
  );
});

test('countLines counts newline bytes, whatever the chunk boundaries', () => {
  assert.equal(countLines(Buffer.from('')), 0);
  assert.equal(countLines(Buffer.from('{"id":1}')), 0, 'a line cut before its newline');
  assert.equal(countLines(Buffer.from('}\n{"id":2}\n{"id"')), 2);
  assert.equal(countLines(Buffer.from('\n\n\n')), 3);
  assert.equal(countLines(Buffer.from('é\n🎉\n', 'utf8')), 2, 'multi-byte characters never contain byte 10');
});

test('withExportFile writes every line in order, reports each row, and closes the file', async () => {
  const path = freshPath();
  let reported = 0;
  await withExportFile(path, (file) => writeLines(file, [{ id: 1, data: { a: 1 } }, { id: 2, data: 'two' }], ndjsonLine, { rowsProcessed: (count) => (reported += count) }));
  assert.equal(readFileSync(path, 'utf8'), '{"id":1,"data":{"a":1}}\n{"id":2,"data":"two"}\n');
  assert.equal(reported, 2);
});

/** Lets every pending microtask run, but no I/O callback (a 'drain' needs one). */
async function microtasks(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

test('a write waits for drain when the buffer is full, and only then', async () => {
  const path = freshPath();
  const states: boolean[] = [];
  await withExportFile(path, async (file) => {
    // A small write fits under fs.WriteStream's 16 KiB highWaterMark: it settles at once.
    let small = false;
    const smallWrite = file.write('x\n').then(() => (small = true));
    await microtasks();
    states.push(small);
    await smallWrite;
    // A write that fills the buffer returns false: the promise waits for 'drain' (the disk write).
    let big = false;
    const bigWrite = file.write(`${'y'.repeat(64 * 1024)}\n`).then(() => (big = true));
    await microtasks();
    states.push(big);
    await bigWrite;
    states.push(big);
  });
  assert.deepEqual(states, [true, false, true]);
  assert.equal(readFileSync(path, 'utf8').length, 2 + 64 * 1024 + 1);
});

test('withExportFile refuses a file that exists, and a directory that does not', async () => {
  const existing = freshPath();
  writeFileSync(existing, 'left over\n');
  await assert.rejects(withExportFile(existing, async () => undefined), { code: 'EEXIST' });
  assert.equal(readFileSync(existing, 'utf8'), 'left over\n', 'never overwritten');
  await assert.rejects(withExportFile(join(directory, 'no-such-directory', 'x.ndjson'), async () => undefined), { code: 'ENOENT' });
});

test("withExportFile passes the work's error through", async () => {
  const path = freshPath();
  await assert.rejects(
    withExportFile(path, async (file) => {
      await file.write('{"id":1,"data":{}}\n');
      throw new Error('the database went away');
    }),
    /the database went away/,
  );
});
