import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBytes, parseDurationMs } from '../../../harness/config/units.js';

describe('parseBytes', () => {
  it('reads binary and decimal units, with or without a space, in any case', () => {
    assert.deepEqual(parseBytes('160 MiB'), { value: 167_772_160 });
    assert.deepEqual(parseBytes('2 GB'), { value: 2_000_000_000 });
    assert.deepEqual(parseBytes('512KiB'), { value: 524_288 });
    assert.deepEqual(parseBytes('1.5 gib'), { value: 1_610_612_736 });
    assert.deepEqual(parseBytes('100 b'), { value: 100 });
  });

  it('explains what is wrong', () => {
    assert.deepEqual(parseBytes(160), { error: "expected a size with its unit such as '160 MiB' or '2 GB', got the number 160 (add its unit)" });
    assert.deepEqual(parseBytes('lots'), { error: `expected a size with its unit such as '160 MiB' or '2 GB', got "lots"` });
    assert.deepEqual(parseBytes('3 MBs'), { error: 'unknown unit "MBs" in "3 MBs": use b, kb, mb, gb, tb, kib, mib, gib, tib' });
  });
});

describe('parseDurationMs', () => {
  it('reads ms, s, min and h', () => {
    assert.deepEqual(parseDurationMs('30 s'), { value: 30_000 });
    assert.deepEqual(parseDurationMs('500 ms'), { value: 500 });
    assert.deepEqual(parseDurationMs('2 min'), { value: 120_000 });
    assert.deepEqual(parseDurationMs('0.5h'), { value: 1_800_000 });
  });

  it('refuses a size where a duration belongs', () => {
    assert.deepEqual(parseDurationMs('30 MiB'), { error: 'unknown unit "MiB" in "30 MiB": use ms, s, sec, min, m, h' });
  });
});
