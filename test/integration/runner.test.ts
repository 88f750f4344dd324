import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withClient, type DatabaseCatalog, type DatabaseServer } from '../../harness/run/database.js';
import { builtinScenarioFields, scenarioIdOf, type RunResult, type ScenarioInfo } from '../../harness/results.js';
import { runOnce } from '../../harness/run/runner.js';
import { verifyBackfill } from '../../harness/run/workloads/backfill.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { builtinModulePath } from '../../harness/config/builtin.js';
import { STRATEGIES_BY_WORKLOAD } from '../../harness/results.js';
import { startTestServer } from '../support/server.js';

const ROWS = 1500;
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/scenarios/${name}.js`, import.meta.url));
const info: ScenarioInfo = {
  ...builtinScenarioFields(scenarioIdOf('backfill', 'pg', 'full-load'), 'backfill', 'pg', 'full-load'),
  id: scenarioIdOf('backfill', 'pg', 'full-load'),
  workload: 'backfill',
  library: 'pg',
  strategy: 'full-load',
  version: 1,
  support: 'native',
  how: 'fixture',
  selected: true,
};

describe('one run in one child, against a real PostgreSQL', () => {
  let catalog: DatabaseCatalog;
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  let template: string;
  let copies = 0;

  before(async () => {
    const started = await startTestServer();
    catalog = started.catalog;
    server = started.server;
    stop = started.stop;
    template = (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: 512 }, () => undefined)).name;
  });
  after(async () => stop());

  async function run(modulePath: string, overrides: { timeoutMs?: number; memoryLimitBytes?: number | null; heapLimitBytes?: number | null } = {}): Promise<RunResult> {
    copies += 1;
    const name = `rowmeter_test_${process.pid}_${copies}`;
    const databaseUrl = await catalog.create(name, template);
    try {
      return await runOnce({
        scenario: info,
        modulePath,
        repeat: 1,
        databaseUrl,
        tableRows: ROWS,
        payloadBytes: 512,
        outputPath: '/nonexistent/rowmeter-backfill-writes-no-file',
        pipelineDepth: 256,
        batchSize: 200,
        intervalMs: 10,
        timeoutMs: overrides.timeoutMs ?? 60_000,
        memoryLimitBytes: overrides.memoryLimitBytes ?? null,
        heapLimitBytes: overrides.heapLimitBytes ?? null,
        serverMonitor: { adminUrl: server.adminUrl, database: name },
        checkDatabase: () => server.checkAlive(),
        verify: () => verifyBackfill(databaseUrl, ROWS),
      });
    } finally {
      await catalog.drop(name);
    }
  }

  test('the seeded template holds the rows, every field still unset', async () => {
    const counts = await withClient(catalog.urlOf(template), async (client) =>
      (await client.query<{ rows: number; unset: number }>('SELECT count(*)::int AS rows, count(*) FILTER (WHERE field = -1)::int AS unset FROM rowmeter_rows')).rows[0]!,
    );
    assert.deepEqual(counts, { rows: ROWS, unset: ROWS });
    const before = await verifyBackfill(catalog.urlOf(template), ROWS);
    assert.equal(before.mismatches, ROWS, 'an untouched table must fail verification');
  });

  for (const strategy of STRATEGIES_BY_WORKLOAD.backfill) {
    test(`pg/${strategy} updates every row correctly and is measured`, async () => {
      const result = await run(builtinModulePath('backfill', 'pg', strategy));
      assert.equal(result.status, 'ok', result.failure?.message);
      assert.deepEqual(result.verify, { checkedRows: ROWS, mismatches: 0 });
      assert.equal(result.rows, ROWS);
      assert.ok(result.peakRssBytes !== null && result.peakRssBytes > 10 * 1024 * 1024, 'kernel peak RSS recorded');
      assert.equal(result.peakRssSource, 'vmhwm');
      assert.ok(result.sampledPeakRssBytes !== null && result.sampledPeakRssBytes <= result.peakRssBytes!, 'sampled peak never above the kernel peak');
      assert.ok(result.baselineRssBytes !== null && result.baselineRssBytes <= result.peakRssBytes!);
      assert.ok(result.samples.length > 0 && result.heapSamples.length > 0);
      assert.deepEqual(
        result.events.map((event) => event.phase).filter((phase) => phase !== 'first-row'),
        ['spawned', 'ready', 'done', 'exited'],
      );
      assert.ok(result.firstRowMs !== null && result.firstRowMs >= 0);
      assert.ok(result.queries !== null && result.queries >= 1);
      // The server's side: this server runs here, so its backends were read from /proc.
      assert.ok(result.server !== null, 'server side measured');
      assert.equal(result.server.unavailableReason, null);
      assert.ok(result.server.backends >= 1, 'the run\'s backends were seen');
      assert.ok(result.server.peakRssBytes !== null && result.server.peakRssBytes > 1024 * 1024, 'backend peak RSS recorded');
      assert.ok(result.server.peakPrivateBytes !== null && result.server.peakPrivateBytes <= result.server.peakRssBytes);
      assert.equal(typeof result.server.tempBytes, 'number');
    });
  }

  test('temp files the server wrote for the run are counted', async () => {
    const result = await run(fixture('spills'));
    assert.equal(result.status, 'ok', result.failure?.message);
    assert.ok((result.server?.tempBytes ?? 0) > 100 * 1024, `a spilled sort writes temp files (${result.server?.tempBytes} bytes)`);
    const plain = await run(builtinModulePath('backfill', 'pg', 'set-based'));
    assert.equal(plain.server?.tempBytes, 0, 'a plain set-based UPDATE writes none');
  });

  test('a child that dies of its heap limit is heap-exceeded, with the rows it had reached', async () => {
    const result = await run(fixture('heap-hog'), { heapLimitBytes: 64 * 1024 * 1024 });
    assert.equal(result.status, 'heap-exceeded', `${result.failure?.message} ${result.failure?.stderrTail}`);
    assert.match(result.failure?.message ?? '', /JavaScript heap out of memory \(--max-old-space-size=64\) after \d+ rows/);
    assert.ok((result.failure?.reachedRows ?? 0) > 0, 'rows reached before it died');
    assert.equal(result.failure?.reachedRows, result.rows);
    assert.ok((result.failure?.atMs ?? 0) > 0);
    assert.ok(result.peakHeapUsedBytes !== null && result.peakHeapUsedBytes < 200 * 1024 * 1024, 'the heap stayed near its limit');
  });

  test('query and connection counts follow the strategy', async () => {
    const perRow = await run(builtinModulePath('backfill', 'pg', 'iterator'));
    assert.equal(perRow.queries, ROWS + 1, 'one stream plus one UPDATE per row');
    assert.equal(perRow.connections, 2, 'a stream needs a second connection for updates');
    const paged = await run(builtinModulePath('backfill', 'pg', 'keyset'));
    const pages = Math.ceil(ROWS / 200);
    assert.equal(paged.queries, pages * 2 + 1, 'a SELECT and an UPDATE per page, plus the empty last page');
    assert.equal(paged.connections, 1);
    const setBased = await run(builtinModulePath('backfill', 'pg', 'set-based'));
    assert.equal(setBased.queries, 1);
  });

  test('a child that exits mid-run is recorded as crashed, with what it measured', async () => {
    const result = await run(fixture('crash'));
    assert.equal(result.status, 'crashed');
    assert.equal(result.failure?.exitCode, 3);
    assert.equal(result.verify, null, 'a crashed run is not verified');
    assert.ok(result.peakRssBytes !== null, 'the kernel peak read while it ran is kept');
  });

  test('an error thrown by the scenario is reported in one line', async () => {
    const result = await run(fixture('throws'));
    assert.equal(result.status, 'crashed');
    assert.equal(result.failure?.message, 'run() threw: relation "nowhere" does not exist', 'the step that threw, then its message');
    assert.match(result.failure?.stderrTail ?? '', /nowhere/);
  });

  test('a child that hangs is killed at the timeout', async () => {
    const started = Date.now();
    const result = await run(fixture('hang'), { timeoutMs: 1500 });
    assert.equal(result.status, 'timed-out');
    assert.ok(Date.now() - started < 20_000);
    assert.equal(result.failure?.signal, 'SIGKILL');
  });

  test('a child that passes the memory limit is killed like an OOM kill', async () => {
    const limit = 200 * 1024 * 1024;
    const result = await run(fixture('hog'), { memoryLimitBytes: limit });
    assert.equal(result.status, 'memory-exceeded');
    assert.equal(result.failure?.reachedRows, 0, 'the rows it had reached (none: it only allocates)');
    assert.ok((result.failure?.atMs ?? 0) > 0 && (result.failure?.atMs ?? 0) <= result.wallMs, 'when it was killed');
    assert.ok(result.sampledPeakRssBytes !== null && result.sampledPeakRssBytes > limit);
  });

  test('a run that leaves rows wrong is verify-failed, never ok', async () => {
    const result = await run(fixture('wrong'));
    assert.equal(result.status, 'verify-failed');
    assert.equal(result.verify?.mismatches, ROWS / 10);
    assert.match(result.failure?.message ?? '', /150 of 1500 rows are wrong/);
  });
});
