import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BenchmarkResults } from '../../harness/results.js';
import { MARKER_FILE } from '../../harness/variants/cache.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

/** A job that reads every row with the `pg` it is given and says which `pg` that was. */
const SCENARIO = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export default {
  name: 'which-pg',
  table: 'rowmeter_rows',
  async setup(ctx) {
    const pg = require('pg');
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    return {
      async run() {
        const { rows } = await client.query('SELECT id FROM rowmeter_rows');
        ctx.rowsProcessed(rows.length);
      },
      close: () => client.end(),
    };
  },
  verify() {
    return { checkedRows: 1, mismatches: 0, detail: 'pg ' + require('pg/package.json').version };
  },
};
`;

describe('library versions side by side (--versions)', () => {
  let url: string;
  let stop: () => Promise<void>;
  let project: string;
  let cache: string;
  before(async () => {
    const started = await startTestServer();
    url = started.server.adminUrl;
    stop = started.stop;
    project = mkdtempSync(join(tmpdir(), 'rowmeter-versions-'));
    cache = join(project, 'cache');
    writeFileSync(join(project, 'rowmeter.config.mjs'), 'export default { rows: 50 };\n');
    writeFileSync(join(project, 'which.rowmeter.mjs'), SCENARIO);
  });
  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await stop();
  });

  const bench = (out: string, versions: string, repeat = '2') =>
    // Thresholds typed high: this test is about running the variants, not about pg's own differences.
    runCli(['bench', '--config', join(project, 'rowmeter.config.mjs'), '--versions', versions, '--repeat', repeat, '--out', join(project, out), '--max-memory-regression', '80', '--max-time-regression', '1000'], {
      env: { DATABASE_URL: url, ROWMETER_CACHE_DIR: cache },
    });

  test('each variant\'s child loads its own pg, interleaved and alternating, with paired intervals; the cache is reused', async () => {
    const first = await bench('first', 'old=pg@8.11.3,new=pg@8.23.1', '3');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Judged on the paired comparison of the variants in this run/);
    assert.match(first.stderr, /Installing old \(pg@8\.11\.3\) into the version cache…/);
    const results = JSON.parse(readFileSync(join(project, 'first', 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(results.context.variants?.map((variant) => [variant.label, variant.resolved, variant.reused]), [
      ['old', { pg: '8.11.3' }, false],
      ['new', { pg: '8.23.1' }, false],
    ]);
    // The order run: A B, then B A, then A B.
    assert.deepEqual(results.runs.map((run) => `${run.variant}#${run.repeat}`), ['old#1', 'new#1', 'new#2', 'old#2', 'old#3', 'new#3']);
    for (const run of results.runs) {
      assert.equal(run.scenarioId, `which-pg{${run.variant}}`);
      assert.equal(run.status, 'ok', run.failure?.message);
      assert.equal(run.verify?.detail, run.variant === 'old' ? 'pg 8.11.3' : 'pg 8.23.1');
      // Counted on the pg the scenario loaded (the variant's), not on another copy.
      assert.equal(run.queries, 1);
    }
    const [comparison] = results.variantComparisons ?? [];
    assert.deepEqual([comparison?.scenarioId, comparison?.base, comparison?.head], ['which-pg', 'old', 'new']);
    const wall = comparison!.differences.find((difference) => difference.metric === 'wallMs')!;
    assert.equal(wall.pairs, 3);
    assert.ok(wall.low <= wall.estimate && wall.estimate <= wall.high);
    assert.match(readFileSync(join(project, 'first', 'summary.md'), 'utf8'), /## Versions side by side[\s\S]*which-pg at 50 rows: /);
    const folders = readdirSync(join(cache, 'versions'));
    assert.equal(folders.length, 2, folders.join(', '));
    for (const folder of folders) assert.match(readFileSync(join(cache, 'versions', folder, MARKER_FILE), 'utf8'), /"resolved"/);

    const second = await bench('second', 'old=pg@8.11.3,new=pg@8.23.1', '1');
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(readFileSync(join(project, 'second', 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(again.context.variants?.map((variant) => variant.reused), [true, true]);
    assert.match(second.stderr, /\(reused from the cache\)/);
  });

  test('--auto adds rounds until the differences resolve, and says which stayed unresolved at its timeout', async () => {
    // A job whose time swings by 300 ms from one run to the next (a counter in a file): its time difference never resolves.
    const sleepy = join(project, 'sleepy');
    mkdirSync(sleepy);
    writeFileSync(join(sleepy, 'rowmeter.config.mjs'), 'export default { rows: 20 };\n');
    writeFileSync(
      join(sleepy, 'sleepy.rowmeter.mjs'),
      `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
       const counter = ${JSON.stringify(join(sleepy, 'counter'))};
       export default { name: 'sleepy', table: 'rowmeter_rows', async setup(ctx) { return { async run() {
         const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
         writeFileSync(counter, String(n + 1));
         await new Promise((resolve) => setTimeout(resolve, (n % 2) * 300));
         ctx.rowsProcessed(20);
       } }; } };\n`,
    );
    const outcome = await runCli(['bench', '--config', join(sleepy, 'rowmeter.config.mjs'), '--versions', 'old=pg@8.11.3,new=pg@8.23.1', '--auto', '--auto-timeout', '2', '--out', join(sleepy, 'out'), '--max-memory-regression', '80', '--max-time-regression', '1000'], {
      env: { DATABASE_URL: url, ROWMETER_CACHE_DIR: cache },
    });
    assert.equal(outcome.code, 0, outcome.stderr);
    const results = JSON.parse(readFileSync(join(sleepy, 'out', 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(results.context.options.autoResolve, { tolerancePercent: 3, timeoutMs: 2000, firstRounds: 3 });
    assert.ok(results.runs.length > 6, `rounds were added past the first 3 (${results.runs.length} runs)`);
    assert.deepEqual(results.context.autoUnresolved, ['sleepy at 20 rows']);
    assert.match(outcome.stderr, /--auto-timeout reached: 1 cell still unresolved after \d+ rounds \(sleepy at 20 rows\)/);
    const wall = results.variantComparisons![0]!.differences.find((difference) => difference.metric === 'wallMs')!;
    assert.equal(wall.verdict, 'unresolved');
  });

  test('a version the registry does not have, or a bad spec, is one line and exit 2 before anything runs', async () => {
    const missing = await bench('missing', 'pg@8.11.3,pg@99.0.0');
    assert.equal(missing.code, 2, missing.stderr);
    assert.equal(missing.stderr.trim().split('\n').at(-1), 'rowmeter: --versions: no version matches pg@99.0.0 on the registry');
    assert.equal(existsSync(join(project, 'missing')), false);
    const bad = await bench('bad', 'pg@8.11.3');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), 'rowmeter: --versions: expected at least two variants to compare, got "pg@8.11.3"');
  });
});
