/**
 * Whatever ends rowmeter itself, it takes what it started with it: SIGKILL (which no handler
 * sees: a CI job cancelled, the OOM killer choosing the parent) leaves no embedded server, no
 * measured child, no watchdog and no temp folder a few seconds later; SIGHUP and SIGTERM end a
 * benchmark like Ctrl-C, with what was measured written, exit 128 + the signal's number.
 * Each benchmark runs with its own TMPDIR, so other rowmeters on the machine do not count.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { withClient } from '../../harness/run/database.js';
import { ownerTag } from '../../harness/run/owner.js';
import { checkResults } from '../../harness/store/store.js';
import { startTestServer } from '../support/server.js';
import { startTimeOf } from '../../harness/run/watchdog.js';
import { runCli } from '../support/cli.js';

/** Every process whose parent is `pid`, with its start time (so a reused pid is not mistaken for it). */
function childrenOf(pid: number): Array<{ pid: number; startTime: string | null; command: string }> {
  const found: Array<{ pid: number; startTime: string | null; command: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== pid) continue;
      found.push({ pid: Number(name), startTime: startTimeOf(Number(name)), command: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // Gone while reading.
    }
  }
  return found;
}

function alive(process_: { pid: number; startTime: string | null }): boolean {
  return startTimeOf(process_.pid) !== null && startTimeOf(process_.pid) === process_.startTime;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('rowmeter itself killed, hung up or stopped', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-death-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** A temp folder of its own for one rowmeter, reachable by the server's user when run as root. */
  function ownTmp(name: string): string {
    chmodSync(scratch, 0o755);
    const path = mkdtempSync(join(scratch, `${name}-`));
    chmodSync(path, 0o777);
    return path;
  }

  /** Starts a benchmark and resolves once its second run has begun, with the CLI process. */
  async function benchmarkUnderWay(tmp: string, out: string, onceRunning: (child: ChildProcess, children: ReturnType<typeof childrenOf>) => void, databaseUrl?: string) {
    let fired = false;
    return runCli(['bench', '--rows', '20000', '--libraries', 'pg', '--strategies', 'full-load,iterator,keyset', '--repeat', '3', '--out', out], {
      env: { TMPDIR: tmp, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      onStderr: (text, child) => {
        if (fired || !/\[2\/9\]/.test(text)) return;
        fired = true;
        // Once the run's child is up, the postmaster, the measured child and the watchdog are the CLI's children.
        void waitFor(() => childrenOf(child.pid!).some((process_) => process_.command.includes('harness/run/child.js')), 20_000).then(() =>
          setTimeout(() => onceRunning(child, childrenOf(child.pid!)), 300),
        );
      },
    });
  }

  test('SIGKILL: the server, the measured child, the watchdog and the temp folders are gone within seconds', async () => {
    const tmp = ownTmp('kill');
    let started: ReturnType<typeof childrenOf> = [];
    const outcome = await benchmarkUnderWay(tmp, join(scratch, 'kill-out'), (child, children) => {
      started = children;
      child.kill('SIGKILL');
    });
    assert.equal(outcome.signal, 'SIGKILL');
    const commands = started.map((process_) => process_.command).join('\n');
    assert.match(commands, /postgres -D/, 'the embedded server was running');
    assert.match(commands, /harness\/run\/child\.js/, 'a measured child was running');
    assert.match(commands, /watchdog\.js --watch/, 'the watchdog was running');
    assert.ok(await waitFor(() => !started.some(alive), 10_000), `still running: ${started.filter(alive).map((p) => p.command).join('; ')}`);
    assert.ok(await waitFor(() => readdirSync(tmp).length === 0, 5_000), `left in TMPDIR: ${readdirSync(tmp).join(', ')}`);
    // What was measured before the kill stays: results.json is written after every run.
    const results = checkResults(JSON.parse(readFileSync(join(scratch, 'kill-out', 'results.json'), 'utf8')), 'results.json');
    assert.equal(results.context.finishedAt, null);
  });

  for (const [signal, code] of [
    ['SIGHUP', 129],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal}: ends like Ctrl-C, exit ${code}, what was measured written, nothing left`, async () => {
      const tmp = ownTmp(signal);
      const out = join(scratch, `${signal}-out`);
      let started: ReturnType<typeof childrenOf> = [];
      const outcome = await benchmarkUnderWay(tmp, out, (child, children) => {
        started = children;
        child.kill(signal);
      });
      assert.equal(outcome.code, code, outcome.stderr);
      assert.match(outcome.stderr, new RegExp(`Interrupted \\(${signal}\\)`));
      const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
      assert.ok(results.runs.length >= 1, 'the first run is kept');
      assert.ok(results.runs.every((run) => run.status === 'ok'), 'a run cut short is not recorded');
      assert.equal(results.context.finishedAt, null);
      for (const report of ['report.html', 'summary.md', 'runs.csv']) assert.ok(existsSync(join(out, report)), report);
      assert.ok(await waitFor(() => !started.some(alive), 10_000), `still running: ${started.filter(alive).map((p) => p.command).join('; ')}`);
      assert.ok(await waitFor(() => readdirSync(tmp).length === 0, 5_000), `left in TMPDIR: ${readdirSync(tmp).join(', ')}`);
    });
  }

  test('on a server given by URL, the next start drops the run database a killed rowmeter left, and removes orphaned folders; a live one\'s stay', async () => {
    const { server, stop } = await startTestServer();
    try {
      const runDatabases = (): Promise<string[]> =>
        withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter\\_run\\_%' ORDER BY 1")).rows.map((row) => row.datname));
      const tmp = ownTmp('orphans');
      await benchmarkUnderWay(tmp, join(scratch, 'orphans-out'), (child) => child.kill('SIGKILL'), server.adminUrl);
      const left = await runDatabases();
      assert.equal(left.length, 1, `the killed run's database is left: ${left.join(', ')}`);
      assert.match(left[0]!, /^rowmeter_run_o[0-9a-f]{8}_\d+$/);
      // A dead rowmeter's folder (no process has that pid with that start time) and a live one's (this test's).
      const dead = join(tmp, 'rowmeter-scratch-o999999999.1-abcdef');
      const live = join(tmp, `rowmeter-scratch-${ownerTag()}-ghijkl`);
      mkdirSync(dead);
      mkdirSync(live);
      const next = await runCli(['bench', '--rows', '500', '--libraries', 'pg', '--strategies', 'set-based', '--repeat', '1', '--out', join(scratch, 'next-out')], {
        env: { TMPDIR: tmp, DATABASE_URL: server.adminUrl },
      });
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, new RegExp(`Cleaned up after a rowmeter that is gone: dropped ${left[0]}, removed .*rowmeter-scratch-o999999999\\.1-abcdef`));
      assert.deepEqual(await runDatabases(), []);
      assert.ok(!existsSync(dead), 'the dead one\'s folder is removed');
      assert.ok(existsSync(live), 'a live rowmeter\'s folder is kept');
    } finally {
      await stop();
    }
  });

  test('SIGHUP on a server given by URL: exit 129, its run database dropped, nothing left', async () => {
    const { server, stop } = await startTestServer();
    try {
      const tmp = ownTmp('hup-url');
      const out = join(scratch, 'hup-url-out');
      const outcome = await benchmarkUnderWay(tmp, out, (child) => child.kill('SIGHUP'), server.adminUrl);
      assert.equal(outcome.code, 129, outcome.stderr);
      const left = await withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter\\_run\\_%'")).rows);
      assert.deepEqual(left, []);
      assert.ok(existsSync(join(out, 'results.json')) && existsSync(join(out, 'report.html')));
      assert.ok(await waitFor(() => readdirSync(tmp).length === 0, 5_000), `left in TMPDIR: ${readdirSync(tmp).join(', ')}`);
    } finally {
      await stop();
    }
  });
});
