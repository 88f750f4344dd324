// Round trips of a per-row UPDATE loop and of SELECT 1, through pg to an embedded server, with
// idle CPUs allowed to halt and with low-latency idle held (docs/sharding.md#low-latency-idle).
// Usage: npm run --silent build && node scripts/round-trip.mjs [updates=20000]
import pg from 'pg';
import { startEmbeddedServer, DatabaseCatalog } from '../dist/harness/run/database.js';
import { holdLowLatency } from '../dist/harness/run/low-latency.js';

const updates = Number(process.argv[2] ?? 20000);
const server = await startEmbeddedServer();
const catalog = new DatabaseCatalog(server);
try {
  const url = await catalog.create('rowmeter_round_trip');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE t (id int PRIMARY KEY, field int, data jsonb); INSERT INTO t SELECT g, -1, jsonb_build_object('a', g) FROM generate_series(1, 50000) g");
  async function measure(label) {
    let started = performance.now();
    for (let i = 0; i < 5000; i += 1) await client.query('SELECT 1');
    const select = (performance.now() - started) / 5000;
    started = performance.now();
    for (let i = 1; i <= updates; i += 1) await client.query('UPDATE t SET field = $1 WHERE id = $2', [i, (i % 50000) + 1]);
    const update = (performance.now() - started) / updates;
    console.log(`${label}: SELECT 1 ${(select * 1000).toFixed(0)} µs, UPDATE ${(update * 1000).toFixed(0)} µs per round trip`);
  }
  await measure('idle CPUs may halt');
  const hold = holdLowLatency(true);
  if (hold.state.held) await measure('low-latency idle held');
  else console.log(`low-latency idle ${hold.state.detail}`);
  hold.release();
  await client.end();
} finally {
  await catalog.dropAll();
  await server.stop();
}
process.exit(0);
