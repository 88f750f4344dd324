import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BULK_UPDATE_SQL, computeField, cursorBatches, keysetPages, UpdateBatch } from '../../../../scenarios/backfill/workload.js';

test('computeField: order total in cents + 7 per tag + version', () => {
  const data = { items: [{ qty: 2, priceCents: 150 }, { qty: 1, priceCents: 99 }], tags: ['a', 'b'], meta: { version: 3 } };
  assert.equal(computeField(data), 2 * 150 + 99 + 7 * 2 + 3);
  assert.equal(computeField({ items: [], tags: [], meta: { version: 1 } }), 1);
});

test('the bulk update takes two arrays whatever the batch size', () => {
  assert.equal((BULK_UPDATE_SQL.match(/\$\d/g) ?? []).length, 2);
  const batch = new UpdateBatch();
  batch.add(1, 10);
  batch.add(2, 20);
  assert.deepEqual(batch.take(), [[1, 2], [10, 20]]);
  assert.equal(batch.size, 0, 'take() empties the batch');
});

test('keysetPages asks for rows after the last id seen and stops at the first empty page', async () => {
  const ids = [2, 3, 5, 8, 13];
  const asked: number[] = [];
  const fetchPage = async (afterId: number, limit: number) => {
    asked.push(afterId);
    return ids.filter((id) => id > afterId).slice(0, limit).map((id) => ({ id }));
  };
  const pages: number[][] = [];
  for await (const page of keysetPages(2, fetchPage)) pages.push(page.map((row) => row.id));
  assert.deepEqual(pages, [[2, 3], [5, 8], [13]]);
  assert.deepEqual(asked, [0, 3, 8, 13]);
});

test('cursorBatches: DECLARE, FETCH until an empty batch, CLOSE, and no FETCH count that is not a whole number', async () => {
  const sent: string[] = [];
  const remaining = [[{ id: 1 }, { id: 2 }], [{ id: 3 }], []];
  const sql = {
    execute: async (text: string) => void sent.push(text),
    fetch: async (text: string) => (sent.push(text), remaining.shift() ?? []),
  };
  const batches: number[][] = [];
  for await (const rows of cursorBatches(2, sql)) batches.push(rows.map((row) => row.id));
  assert.deepEqual(batches, [[1, 2], [3]]);
  assert.deepEqual(sent, [
    'DECLARE rowmeter_cursor NO SCROLL CURSOR FOR SELECT id, data FROM rowmeter_rows ORDER BY id',
    'FETCH 2 FROM rowmeter_cursor',
    'FETCH 2 FROM rowmeter_cursor',
    'FETCH 2 FROM rowmeter_cursor',
    'CLOSE rowmeter_cursor',
  ]);
  await assert.rejects(cursorBatches(1.5, sql).next(), /positive integer, got 1.5/);
});
