import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyTextEscape, copyTextLine, documentObject, documentText, jsonbText } from '../../../seed/rows.js';
import { parseTemplateComment, templateComment } from '../../../harness/run/seed-template.js';
import { templateLockKey } from '../../../harness/run/template-lock.js';

describe('jsonbText', () => {
  it('orders keys as jsonb does (shorter first, then by bytes) and spaces like jsonb::text', () => {
    assert.equal(jsonbText({ customer: 1, tags: [1, 'a'], meta: null, items: true }), '{"meta": null, "tags": [1, "a"], "items": true, "customer": 1}');
    assert.equal(jsonbText({ zip: '1', city: 'x' }), '{"zip": "1", "city": "x"}');
  });

  it('escapes strings as PostgreSQL does', () => {
    assert.equal(jsonbText('a"b\\c\nd\te\u0001é'), '"a\\"b\\\\c\\nd\\te\\u0001é"');
  });
});

describe('the seed rows in JavaScript', () => {
  it('writes the fast text and the object form identically', () => {
    for (const g of [1, 2, 3, 997, 271_197, 99_999_999, 100_000_000]) {
      for (const payloadBytes of [0, 1024]) assert.equal(documentText(g, payloadBytes), jsonbText(documentObject(g, payloadBytes)), `row ${g}`);
    }
  });

  it('pads documents to about the requested size, never shrinking below the base', () => {
    // The SQL reference leaves room for 12 bytes of the notes member, which takes 13: about the size asked.
    assert.ok(Math.abs(Buffer.byteLength(documentText(42, 1024)) - 1024) <= 2);
    assert.ok(Buffer.byteLength(documentText(42, 0)) < 1024);
    assert.equal(documentObject(42, 0).notes, '');
  });

  it('writes COPY text lines with the field unset, escaping what COPY needs escaped', () => {
    assert.match(copyTextLine(7, 300), /^7\t\{"meta": .*\}\t-1\n$/);
    assert.equal(copyTextEscape('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
    assert.equal(copyTextEscape('plain'), 'plain');
  });
});

describe('template metadata', () => {
  it('round-trips a description through the database comment, and ignores foreign comments', () => {
    const description = { rows: 5, averagePayloadBytes: 1000, tableBytes: 8192, seedVersion: 1 };
    assert.deepEqual(parseTemplateComment(templateComment(description)), description);
    assert.equal(parseTemplateComment(null), null);
    assert.equal(parseTemplateComment('a user comment'), null);
    assert.equal(parseTemplateComment('rowmeter template {broken'), null);
  });

  it('derives a stable 64-bit advisory lock key per template name', () => {
    assert.equal(templateLockKey('rowmeter_tpl_v1_r5000_p1024'), templateLockKey('rowmeter_tpl_v1_r5000_p1024'));
    assert.notEqual(templateLockKey('rowmeter_tpl_v1_r5000_p1024'), templateLockKey('rowmeter_tpl_v1_r5001_p1024'));
    const key = templateLockKey('x');
    assert.ok(key >= -(2n ** 63n) && key < 2n ** 63n);
  });
});
