import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { estimateBenchmarkBytes, estimateRowBytes, SEED_VERSION } from '../../../seed/generate.js';
import { templateName } from '../../../harness/run/seed-template.js';

test('the template name carries every seed parameter, so a reused template always matches', () => {
  assert.equal(templateName({ rows: 50_000, payloadBytes: 1024 }), `rowmeter_tpl_v${SEED_VERSION}_r50000_p1024`);
  assert.notEqual(templateName({ rows: 50_000, payloadBytes: 1024 }), templateName({ rows: 50_000, payloadBytes: 2048 }));
});

describe('disk estimates', () => {
  it('takes 1.3 × the document plus 120 bytes per row (1,452 at 1 KiB: above the 1,388 measured)', () => {
    assert.equal(estimateRowBytes(1024), 1452);
    assert.equal(estimateRowBytes(0), 120);
  });

  it('counts every template, one copy of the largest and its rewrite, plus 10 %', () => {
    assert.equal(estimateBenchmarkBytes([1000], 1024), Math.ceil(3 * 1000 * 1452 * 1.1));
    assert.equal(estimateBenchmarkBytes([1000, 10_000], 1024), Math.ceil((11_000 * 1452 + 2 * 10_000 * 1452) * 1.1));
  });
});
