/**
 * The runner's side of `--latency` / `--bandwidth`: starts the delay proxy
 * (harness/run/network/delay-proxy.ts) in its own process, calibrates it until a `SELECT 1`
 * round trip through it is the asked round trip plus this machine's localhost baseline, hands
 * measured children a URL through it, and reads what it costs in CPU. A latency it cannot
 * reach is a one-line refusal (exit 2), never a run without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onExit } from '../cleanup.js';
import { guardProcess, releaseProcess } from '../guard.js';
import { oneLine, UsageError } from '../../errors.js';
import type { DelayProxyOptions } from './delay-proxy.js';
import { calibrationStep, withinTolerance, type NetworkCalibration } from './calibration.js';

const PROXY_ENTRY = fileURLToPath(new URL('./delay-proxy.js', import.meta.url));
const ROUND_TRIP_CHILD = fileURLToPath(new URL('./round-trip-child.js', import.meta.url));

/** The conditions of a network between the job and its database. */
export interface NetworkConditions {
  /** Round trip added, in ms (`--latency`); 0 for none. */
  latencyMs: number;
  /** `--bandwidth` in Mbit/s; null for no limit. */
  bandwidthMbit: number | null;
}

/** A running proxy, calibrated. */
export interface NetworkLink {
  conditions: NetworkConditions;
  /** The proxy process. */
  pid: number;
  calibration: NetworkCalibration;
  /** `url` with its host and port replaced by the proxy's. */
  route(url: string): string;
  /** CPU the proxy process has used so far (user + system), in ms. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** Where a connection URL points: a host and port, or a Unix socket (`?host=/run/postgresql`). */
export function proxyTarget(url: string): DelayProxyOptions['target'] {
  const parsed = new URL(url);
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const socketDirectory = parsed.searchParams.get('host');
  if (socketDirectory?.startsWith('/')) return { path: `${socketDirectory.replace(/\/$/, '')}/.s.PGSQL.${port}` };
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/** `url` routed through a proxy listening on 127.0.0.1:`port` (a socket `host` parameter dropped). */
export function routeThrough(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  parsed.searchParams.delete('host');
  return parsed.toString();
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on every Linux build that matters). */
const USER_HZ = 100;

/** User + system CPU of a process from /proc, in ms; null where there is no /proc. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command's ')'.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/** A process timing `SELECT 1` round trips on one connection to `url`, as a measured child would. */
async function roundTripClient(url: string): Promise<{ medianMs: (samples: number) => Promise<number>; close: () => void }> {
  const child = spawn(process.execPath, [ROUND_TRIP_CHILD, url], { stdio: ['pipe', 'pipe', 'pipe'] });
  guardProcess(child.pid);
  const end = onExit(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    medianMs: async (samples) => {
      child.stdin!.write(`${samples}\n`);
      const line = await lines.next();
      if (line.done) throw new Error(`the timing client exited${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
      return (JSON.parse(line.value) as { medianMs: number }).medianMs;
    },
    close: () => {
      child.stdin!.end();
      end();
      releaseProcess(child.pid);
    },
  };
}

/** The median of `samples` `SELECT 1` round trips timed in a separate process through `url`, as a measured child sees them (ms). */
export async function medianRoundTripInChild(url: string, samples: number): Promise<number> {
  const client = await roundTripClient(url);
  try {
    return await client.medianMs(samples);
  } finally {
    client.close();
  }
}

/** Round trips timed per calibration step: enough for a stable median, about a second at 5 ms. */
const CALIBRATION_SAMPLES = 200;
const CALIBRATION_STEPS = 8;

/** The proxy process, its port, and a way to change its delay. */
async function spawnProxy(options: DelayProxyOptions): Promise<{ process: ChildProcess; port: number; setRoundTrip: (ms: number) => Promise<void> }> {
  const proxy = spawn(process.execPath, [PROXY_ENTRY, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  guardProcess(proxy.pid);
  let stderr = '';
  proxy.stderr!.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const lines = createInterface({ input: proxy.stdout! })[Symbol.asyncIterator]();
  const next = async (what: string): Promise<Record<string, unknown>> => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer ${what} in 10 s`)), 10_000).unref());
    const line = await Promise.race([lines.next(), timeout]);
    if (line.done) throw new Error(`it exited ${what}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { port } = (await next('while starting')) as { port: number };
  return {
    process: proxy,
    port,
    setRoundTrip: async (ms: number) => {
      proxy.stdin!.write(`${ms}\n`);
      await next('to a new delay');
    },
  };
}

/**
 * Starts a proxy for `conditions` in front of the server `adminUrl` points at, and calibrates it
 * (harness/run/network/calibration.ts). Throws a {@link UsageError} when the asked round trip
 * cannot be reached within the tolerance on this machine.
 */
export async function startNetworkLink(adminUrl: string, conditions: NetworkConditions): Promise<NetworkLink> {
  const flag = `--latency ${conditions.latencyMs}${conditions.bandwidthMbit === null ? '' : ` --bandwidth ${conditions.bandwidthMbit}`}`;
  let started: Awaited<ReturnType<typeof spawnProxy>>;
  try {
    started = await spawnProxy({ target: proxyTarget(adminUrl), roundTripMs: conditions.latencyMs, bandwidthMbit: conditions.bandwidthMbit });
  } catch (error) {
    throw new UsageError(`${flag}: could not start the delay proxy: ${oneLine(error)}`);
  }
  const { process: proxy, port } = started;
  const kill = onExit(() => proxy.kill('SIGKILL'));
  const stop = async (): Promise<void> => {
    if (proxy.exitCode === null && proxy.signalCode === null) {
      const exited = new Promise((resolve) => proxy.once('exit', resolve));
      proxy.kill('SIGTERM');
      await exited;
    }
    kill();
    releaseProcess(proxy.pid);
  };
  try {
    const calibration = await calibrate(adminUrl, routeThrough(adminUrl, port), conditions.latencyMs, started.setRoundTrip);
    const targetMs = calibration.baselineMs + conditions.latencyMs;
    if (calibration.proxyDelayMs === 0 && calibration.measuredMs > targetMs && !withinTolerance(calibration.measuredMs, targetMs)) {
      throw new UsageError(
        `${flag}: the delay proxy alone makes a round trip ${calibration.measuredMs.toFixed(3)} ms on this machine, more than the asked ${conditions.latencyMs} ms over the direct ${calibration.baselineMs.toFixed(3)} ms; ask for a larger latency or 0`,
      );
    }
    return { conditions, pid: proxy.pid!, calibration, route: (url) => routeThrough(url, port), cpuMs: () => processCpuMs(proxy.pid!), stop };
  } catch (error) {
    await stop();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${flag}: could not calibrate the delay proxy: ${oneLine(error)}`);
  }
}

/** Measures the direct round trip, then adjusts the proxy's delay until the round trip through it is the asked one plus that. */
async function calibrate(directUrl: string, proxiedUrl: string, askedMs: number, setRoundTrip: (ms: number) => Promise<void>): Promise<NetworkCalibration> {
  const direct = await roundTripClient(directUrl);
  let baselineMs: number;
  try {
    baselineMs = await direct.medianMs(CALIBRATION_SAMPLES);
  } finally {
    direct.close();
  }
  const proxied = await roundTripClient(proxiedUrl);
  try {
    const targetMs = baselineMs + askedMs;
    let proxyDelayMs = askedMs;
    let best = { proxyDelayMs, measuredMs: await proxied.medianMs(CALIBRATION_SAMPLES) };
    let last = best;
    let step = 1;
    for (; step < CALIBRATION_STEPS && !withinTolerance(last.measuredMs, targetMs, 0.3); step += 1) {
      const next = calibrationStep(proxyDelayMs, last.measuredMs, targetMs);
      if (next === proxyDelayMs) break;
      proxyDelayMs = next;
      await setRoundTrip(proxyDelayMs);
      last = { proxyDelayMs, measuredMs: await proxied.medianMs(CALIBRATION_SAMPLES) };
      if (Math.abs(last.measuredMs - targetMs) < Math.abs(best.measuredMs - targetMs)) best = last;
    }
    if (best !== last) await setRoundTrip(best.proxyDelayMs);
    return { askedMs, baselineMs, ...best, steps: step, samples: CALIBRATION_SAMPLES };
  } finally {
    proxied.close();
  }
}
