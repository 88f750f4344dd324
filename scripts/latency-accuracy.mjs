#!/usr/bin/env node
// How exactly `--latency` and `--bandwidth` put a network between a measured child and its
// database (docs/network.md#accuracy). For each round trip asked, a calibrated delay proxy
// (harness/run/network/proxy.ts) is started, and a separate child process — as a measured run
// would be — times `SELECT 1` round trips through it; then a COPY of a table out through a proxy
// limited to a bandwidth. Prints per latency the asked round trip, the direct baseline, the
// median measured in the child, the error against asked + baseline, and the proxy's CPU.
//
// Usage: npm run --silent build && node scripts/latency-accuracy.mjs [latencies=0.5,1,2,5] [bandwidth=100] [--no-low-latency]
//   Uses DATABASE_URL when set, else starts the embedded server.
import { execFileSync } from 'node:child_process';
import { startEmbeddedServer, connectToServer, withClient } from '../dist/harness/run/database.js';
import { medianRoundTripInChild, startNetworkLink } from '../dist/harness/run/network/proxy.js';
import { holdLowLatency } from '../dist/harness/run/low-latency.js';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const latencies = (positional[0] ?? '0.5,1,2,5').split(',').map(Number);
const bandwidth = Number(positional[1] ?? 100);
// As a benchmark does by default: idle CPUs kept from halting (where this machine allows it).
const lowLatency = holdLowLatency(!process.argv.includes('--no-low-latency'));
console.log(`low-latency idle: ${lowLatency.state.held ? 'held' : `not held (${lowLatency.state.detail})`}`);
const server = process.env.DATABASE_URL ? await connectToServer(process.env.DATABASE_URL) : await startEmbeddedServer();

/** The median `SELECT 1` round trip through `url`, timed in a separate child process (the calibration's own client), in ms. */
const roundTripsInChild = async (url, samples = 500) => ({ median: await medianRoundTripInChild(url, samples) });

/** Mbit/s of a `COPY … TO STDOUT` of 25 MB through `url`, timed in a child from its first chunk to its last (the query's start-up left out). */
function copyRateInChild(url) {
  const source = `
    const pg = require('pg');
    const { to } = require('pg-copy-streams');
    (async () => {
      const client = new pg.Client({ connectionString: process.argv[1] });
      await client.connect();
      let bytes = 0, first = 0, last = 0;
      const stream = client.query(to("COPY (SELECT repeat('x', 1000) FROM generate_series(1, 25000)) TO STDOUT"));
      for await (const chunk of stream) { const now = performance.now(); if (!first) first = now; else bytes += chunk.length; last = now; }
      await client.end();
      const ms = last - first;
      process.stdout.write(JSON.stringify({ bytes, ms, mbit: (bytes * 8) / (ms * 1000) }));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', source, url], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname }));
}

try {
  const direct = await roundTripsInChild(server.adminUrl);
  console.log(`direct (localhost): median ${direct.median.toFixed(3)} ms`);
  console.log('| asked RTT | calibrated proxy delay | baseline | measured in a child (median) | error vs asked + baseline | proxy CPU per round trip |');
  console.log('|---|---|---|---|---|---|');
  for (const latencyMs of latencies) {
    const link = await startNetworkLink(server.adminUrl, { latencyMs, bandwidthMbit: null });
    const cpuBefore = link.cpuMs();
    const started = performance.now();
    const measured = await roundTripsInChild(link.route(server.adminUrl));
    const wallMs = performance.now() - started;
    const cpuMs = link.cpuMs() - cpuBefore;
    await link.stop();
    const target = latencyMs + direct.median;
    const error = measured.median - target;
    console.log(
      `| ${latencyMs} ms | ${link.calibration.proxyDelayMs.toFixed(3)} ms | ${link.calibration.baselineMs.toFixed(3)} ms | ${measured.median.toFixed(3)} ms | ${error >= 0 ? '+' : ''}${error.toFixed(3)} ms (${((error / target) * 100).toFixed(1)} %) | ${(cpuMs / 530).toFixed(3)} ms (${((cpuMs / wallMs) * 100).toFixed(0)} % of a core over ${(wallMs / 1000).toFixed(1)} s) |`,
    );
  }
  const unlimited = copyRateInChild(server.adminUrl);
  const link = await startNetworkLink(server.adminUrl, { latencyMs: 0.5, bandwidthMbit: bandwidth });
  const cpuBefore = link.cpuMs();
  const limited = copyRateInChild(link.route(server.adminUrl));
  const cpuMs = link.cpuMs() - cpuBefore;
  await link.stop();
  console.log(`\n${(unlimited.bytes / 1e6).toFixed(1)} MB result: direct ${unlimited.mbit.toFixed(0)} Mbit/s; through --latency 0.5 --bandwidth ${bandwidth}: ${limited.mbit.toFixed(1)} Mbit/s (${(((limited.mbit - bandwidth) / bandwidth) * 100).toFixed(1)} %), proxy CPU ${cpuMs.toFixed(0)} ms over ${(limited.ms / 1000).toFixed(2)} s`);
} finally {
  await server.stop();
  lowLatency.release();
}
