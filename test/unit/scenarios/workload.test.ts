import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BULK_UPDATE_SQL, computeField, UpdateBatch } from '../../../scenarios/workload.js';

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
