import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedChunks, SEED_VERSION } from '../../../seed/generate.js';
import { templateName } from '../../../seed/template.js';

test('seed chunks cover 1..rows exactly once', () => {
  assert.deepEqual(seedChunks(5, 2), [[1, 2], [3, 4], [5, 5]]);
  assert.deepEqual(seedChunks(4, 4), [[1, 4]]);
  const chunks = seedChunks(123_457, 50_000);
  assert.equal(chunks.reduce((sum, [first, last]) => sum + last - first + 1, 0), 123_457);
});

test('the template name carries every seed parameter, so a reused template always matches', () => {
  assert.equal(templateName({ rows: 50_000, payloadBytes: 1024 }), `rowmeter_tpl_v${SEED_VERSION}_r50000_p1024`);
  assert.notEqual(templateName({ rows: 50_000, payloadBytes: 1024 }), templateName({ rows: 50_000, payloadBytes: 2048 }));
});
