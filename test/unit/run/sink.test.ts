import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { createSink, sinkSchedule, SINK_HIGH_WATER_MARK, ThrottledSink } from '../../../harness/run/sink.js';

describe('the slow consumer of --sink-rate', () => {
  it('schedules each chunk after the ones before it, at its rate', () => {
    // 1 MB/s is 1000 bytes per ms.
    assert.equal(sinkSchedule(0, 100, 5000, 1000), 105);
    assert.equal(sinkSchedule(105, 101, 2000, 1000), 107);
    assert.equal(sinkSchedule(105, 200, 500, 1000), 200.5);
  });

  it('pushes back like a socket: write() is false once 16 KiB wait, and drain follows', async () => {
    const sink = new ThrottledSink(1_000_000, null);
    assert.equal(sink.writableHighWaterMark, SINK_HIGH_WATER_MARK);
    let accepted = 0;
    while (sink.write(Buffer.alloc(4096))) accepted += 1;
    assert.ok(accepted <= SINK_HIGH_WATER_MARK / 4096, `${accepted} chunks taken before write() said wait`);
    await once(sink, 'drain');
    sink.end();
    await finished(sink);
  });

  it('takes 300 KB no faster than 1 MB/s, writing them to its file in order', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rowmeter-sink-'));
    try {
      const path = join(folder, 'out');
      const sink = createSink(1_000_000, { path });
      const started = performance.now();
      for (let index = 0; index < 300; index += 1) {
        if (!sink.write(`${String(index).padStart(999, '.')}\n`)) await once(sink, 'drain');
      }
      sink.end();
      await finished(sink);
      const elapsed = performance.now() - started;
      // Loose bounds: 300 ms at the rate; the machine is shared.
      assert.ok(elapsed >= 285 && elapsed < 3000, `${elapsed} ms`);
      const lines = readFileSync(path, 'utf8').split('\n');
      assert.equal(lines.length, 301);
      assert.equal(lines[299], '299'.padStart(999, '.'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('without a rate is the file itself, and refuses a file that exists', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rowmeter-sink-'));
    try {
      const path = join(folder, 'out');
      const file = createSink(null, { path });
      file.end('done\n');
      await finished(file);
      assert.equal(readFileSync(path, 'utf8'), 'done\n');
      const again = createSink(2_000_000, { path });
      await assert.rejects(once(again, 'close').then(() => Promise.reject(new Error('closed without an error'))), { code: 'EEXIST' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
