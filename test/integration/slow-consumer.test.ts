import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BenchmarkResults } from '../../harness/results.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

/**
 * Two jobs that produce 40 MB of lines, 400 rows of 2 KB per 5 ms (160 MB/s at most), into the sink
 * of `--sink-rate 12`: one waits for `drain` as a stream should, one writes on regardless (its
 * backlog, tens of MB, well above the verdict's 16 MiB floor).
 */
const job = (name: string, honoursBackpressure: boolean) => `
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
export default {
  name: '${name}',
  table: 'rowmeter_rows',
  async setup(ctx) {
    return {
      async run() {
        const sink = ctx.createSink({ path: ctx.outputPath });
        const line = 'x'.repeat(1999) + '\\n';
        for (let row = 0; row < 20000; row += 1) {
          ${honoursBackpressure ? "if (!sink.write(line)) await once(sink, 'drain');" : 'sink.write(line);'}
          ctx.rowsProcessed(1);
          if (row % 400 === 399) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        sink.end();
        await finished(sink);
      },
    };
  },
  verify(ctx) {
    const bytes = readFileSync(ctx.outputPath).length;
    return { checkedRows: 20000, mismatches: bytes === 20000 * 2000 ? 0 : 1, detail: bytes + ' bytes' };
  },
};
import { readFileSync } from 'node:fs';
`;

describe('a slow consumer (--sink-rate)', () => {
  let url: string;
  let stop: () => Promise<void>;
  let project: string;
  before(async () => {
    const started = await startTestServer();
    url = started.server.adminUrl;
    stop = started.stop;
    project = mkdtempSync(join(tmpdir(), 'rowmeter-sink-'));
    writeFileSync(join(project, 'rowmeter.config.mjs'), 'export default { repeat: 1, rows: 100 };\n');
    writeFileSync(join(project, 'polite.rowmeter.mjs'), job('polite', true));
    writeFileSync(join(project, 'hoarder.rowmeter.mjs'), job('hoarder', false));
  });
  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await stop();
  });

  test('takes bytes at its rate; memory behind it stays bounded when the job waits for drain and grows when it does not', async () => {
    const out = join(project, 'out');
    const outcome = await runCli(['bench', '--config', join(project, 'rowmeter.config.mjs'), '--sink-rate', '12', '--out', out], { env: { DATABASE_URL: url } });
    assert.equal(outcome.code, 0, outcome.stderr);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchmarkResults;
    assert.equal(results.context.options.sinkMBps, 12);
    const runOf = (name: string) => results.runs.find((run) => run.scenarioId === `${name}@sink12MBps`)!;
    for (const name of ['polite', 'hoarder']) {
      const run = runOf(name);
      assert.equal(run.status, 'ok', `${name}: ${run.failure?.message}`);
      assert.deepEqual(run.verify, { checkedRows: 20000, mismatches: 0, detail: `${20000 * 2000} bytes` });
      assert.equal(run.conditions?.sinkMBps, 12);
      // 40 MB at 12 MB/s: about 3.3 s of work, however fast the job produces.
      assert.ok(run.workMs! > 3000 && run.workMs! < 10000, `${name}: ${run.workMs} ms`);
    }
    assert.equal(runOf('polite').memoryBound?.verdict, 'bounded', JSON.stringify(runOf('polite').memoryBound));
    assert.equal(runOf('hoarder').memoryBound?.verdict, 'grows', JSON.stringify(runOf('hoarder').memoryBound));
    assert.ok(runOf('hoarder').memoryBound!.bytesPerRow! > 1000, JSON.stringify(runOf('hoarder').memoryBound));
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    assert.match(summary, /custom behind a 12 MB\/s consumer: polite stayed bounded; hoarder \(\+[\d.]+ MiB, [\d.]+ KiB per row\) grew with the rows/);
    assert.match(outcome.stdout, /Behind a slow consumer:/);
  });

  test('a bad --sink-rate is one line and exit 2', async () => {
    const outcome = await runCli(['bench', '--sink-rate', '0']);
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stderr.trim(), 'rowmeter: Expected --sink-rate to be a rate in MB/s above 0 and at most 10000, got "0"');
  });
});
