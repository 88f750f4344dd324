import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DatabaseServer } from '../../harness/run/database.js';
import { medianRoundTripInChild, startNetworkLink } from '../../harness/run/network/proxy.js';
import { UsageError } from '../../harness/errors.js';
import type { BenchmarkResults } from '../../harness/results.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Median `SELECT 1` round trip timed in a separate process through `url`, as a measured child would, in ms. */
const roundTripInChild = (url: string): Promise<number> => medianRoundTripInChild(url, 300);

/** Mbit/s of 4 MB streamed by COPY through `url`, from its first chunk to its last, in a separate process. */
async function copyRateInChild(url: string): Promise<number> {
  const source = `
    const pg = require('pg');
    const { to } = require('pg-copy-streams');
    (async () => {
      const client = new pg.Client({ connectionString: process.argv[1] });
      await client.connect();
      let bytes = 0, first = 0, last = 0;
      for await (const chunk of client.query(to("COPY (SELECT repeat('x', 1000) FROM generate_series(1, 4000)) TO STDOUT"))) {
        const now = performance.now();
        if (!first) first = now; else bytes += chunk.length;
        last = now;
      }
      await client.end();
      process.stdout.write(String((bytes * 8) / ((last - first) * 1000)));
    })();`;
  const { stdout } = await run(process.execPath, ['-e', source, url], { cwd: ROOT });
  return Number(stdout);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a network between a child and the database (--latency, --bandwidth)', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  before(async () => {
    ({ server, stop } = await startTestServer());
  });
  after(async () => stop());

  test('a child\'s round trip through the proxy is the asked one plus the direct one, at two latencies', async () => {
    const direct = await roundTripInChild(server.adminUrl);
    const measured: number[] = [];
    for (const latencyMs of [1, 4]) {
      const link = await startNetworkLink(server.adminUrl, { latencyMs, bandwidthMbit: null });
      try {
        assert.equal(link.calibration.askedMs, latencyMs);
        assert.ok(link.calibration.proxyDelayMs <= latencyMs, `the proxy holds bytes for less than the asked round trip (${link.calibration.proxyDelayMs} ms)`);
        measured.push(await roundTripInChild(link.route(server.adminUrl)));
      } finally {
        await link.stop();
      }
    }
    // Loose bounds: this is a shared 2-core machine (the exact figures are in docs/network.md).
    for (const [index, latencyMs] of [1, 4].entries()) {
      const round = measured[index]!;
      assert.ok(round > direct + latencyMs * 0.7 && round < direct + latencyMs * 1.3 + 0.3, `${latencyMs} ms asked, direct ${direct.toFixed(3)} ms: measured ${round.toFixed(3)} ms`);
    }
    assert.ok(measured[1]! - measured[0]! > 2, `4 ms is 3 ms slower than 1 ms (${measured.map((ms) => ms.toFixed(3)).join(' vs ')})`);
  });

  test('a bandwidth limits a COPY to its rate, and the proxy process is gone after stop', async () => {
    const link = await startNetworkLink(server.adminUrl, { latencyMs: 0.5, bandwidthMbit: 20 });
    const pid = link.pid;
    let rate: number;
    try {
      rate = await copyRateInChild(link.route(server.adminUrl));
      assert.ok((link.cpuMs() ?? 0) > 0, 'the proxy\'s CPU is read from /proc');
    } finally {
      await link.stop();
    }
    assert.ok(rate > 14 && rate < 22, `20 Mbit/s asked, ${rate.toFixed(1)} Mbit/s measured`);
    assert.equal(alive(pid), false);
  });

  test('a server the proxy cannot reach is a one-line refusal', async () => {
    await assert.rejects(
      startNetworkLink('postgres://nobody@127.0.0.1:1/none', { latencyMs: 1, bandwidthMbit: null }),
      (error: unknown) => error instanceof UsageError && /^--latency 1: could not calibrate the delay proxy: /.test(error.message) && !error.message.includes('\n'),
    );
  });

  test('bench --latency runs every cell once per latency, each run over its own network, recorded', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rowmeter-network-'));
    try {
      const outcome = await runCli(['bench', '--rows', '300', '--libraries', 'pg', '--strategies', 'iterator,set-based', '--latency', '0,2', '--repeat', '1', '--out', out, '--overwrite'], {
        env: { DATABASE_URL: server.adminUrl },
      });
      assert.equal(outcome.code, 0, outcome.stderr);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchmarkResults;
      assert.deepEqual(results.context.options.latencies, [0, 2]);
      assert.deepEqual(results.context.network?.map((link) => [link.mechanism, link.latencyMs, link.bandwidthMbit]), [['tcp-delay-proxy', 2, null]]);
      const ids = results.runs.map((entry) => entry.scenarioId).sort();
      assert.deepEqual(ids, ['backfill/pg/iterator', 'backfill/pg/iterator@2ms', 'backfill/pg/set-based', 'backfill/pg/set-based@2ms']);
      for (const entry of results.runs) {
        assert.equal(entry.status, 'ok');
        assert.equal(entry.conditions?.latencyMs, entry.scenarioId.endsWith('@2ms') ? 2 : undefined);
      }
      // 300 rows, one UPDATE round trip each: 2 ms more per row at least 0.4 s more in all.
      const wall = (id: string) => results.runs.find((entry) => entry.scenarioId === id)!.workMs!;
      assert.ok(wall('backfill/pg/iterator@2ms') - wall('backfill/pg/iterator') > 300 * 2 * 0.7, `${wall('backfill/pg/iterator@2ms')} vs ${wall('backfill/pg/iterator')} ms`);
      assert.ok(results.growth.every((entry) => results.runs.some((run) => run.scenarioId === entry.scenarioId)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a bad --latency is one line and exit 2, before anything starts', async () => {
    const outcome = await runCli(['bench', '--latency', '1,fast']);
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stderr.trim(), 'rowmeter: Expected --latency to be a round trip in ms (such as 1 or 0.5, to the microsecond) or a comma-separated list of them, got "1,fast"');
  });
});
