/**
 * The client side of calibrating the delay proxy, in its own process as a measured child is:
 * the round trip a child sees depends on how a process that idles a whole round trip wakes, so
 * the runner's own process is not a faithful client. Connects to the URL in argv[2]; each line
 * `N` on stdin is answered with one JSON line, the median of N timed `SELECT 1` round trips (ms).
 */
import { createInterface } from 'node:readline';
import pg from 'pg';

const client = new pg.Client({ connectionString: process.argv[2], connectionTimeoutMillis: 10_000 });
client.on('error', () => process.exit(1));
await client.connect();
for (let i = 0; i < 30; i += 1) await client.query('SELECT 1');
for await (const line of createInterface({ input: process.stdin })) {
  const samples = Number(line);
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await client.query('SELECT 1');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ medianMs: times[Math.floor(times.length / 2)] })}\n`);
}
await client.end();
