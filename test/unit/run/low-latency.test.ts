import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { holdLowLatency } from '../../../harness/run/low-latency.js';

describe('holdLowLatency', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-low-latency-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes a 32-bit 0 to the device and keeps it open until released', () => {
    // A plain file stands in for /dev/cpu_dma_latency: what is written is what the kernel would read.
    const device = join(scratch, 'cpu_dma_latency');
    writeFileSync(device, 'xxxxxxxx');
    const hold = holdLowLatency(true, device);
    assert.equal(process.platform === 'linux' ? hold.state.held : false, process.platform === 'linux');
    if (process.platform !== 'linux') return;
    assert.deepEqual([...readFileSync(device).subarray(0, 4)], [0, 0, 0, 0]);
    assert.equal(hold.state.detail, `${device} held at 0 µs: idle CPUs poll instead of halting`);
    hold.release();
    hold.release();
  });

  it('says why when it cannot hold it, and never throws', () => {
    const missing = holdLowLatency(true, join(scratch, 'no', 'such', 'device'));
    assert.equal(missing.state.held, false);
    assert.match(missing.state.detail, process.platform === 'linux' ? /^not available \(ENOENT on .*device; it needs root or write access\)/ : /^not available on /);
    missing.release();
  });

  it('is off with --no-low-latency', () => {
    assert.deepEqual(holdLowLatency(false).state, { held: false, detail: 'off (--no-low-latency): idle CPUs may halt between round trips' });
  });
});
