/**
 * Faults a nightly job meets, each made real: a database server killed or shut down in the
 * middle of a run, and disks that fill up (a small tmpfs) under the results and under the
 * server. Each must end cleanly: the right exit code, one line on stderr, what was measured
 * kept, and no process or temp directory left behind.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedServer, withClient, type DatabaseServer } from '../../harness/run/database.js';
import { checkResults } from '../../harness/store/store.js';
import { runCli } from '../support/cli.js';

function ownTempDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('rowmeter-pg-') || name.startsWith('rowmeter-scratch-'));
}

/** `pid args` of every PostgreSQL server process (postmaster or backend) whose data directory is one of ours. */
function serverProcesses(): string[] {
  const output = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' });
  return output.split('\n').filter((line) => /postgres -D \S*rowmeter-pg-/.test(line));
}

/** The postmaster the CLI process `cliPid` started. */
function postmasterOf(cliPid: number): number | null {
  for (const line of serverProcesses()) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (ppid === cliPid && pid !== undefined) return pid;
  }
  return null;
}

/** True while the CLI process `cliPid` has a measured child running. */
function hasMeasuredChild(cliPid: number): boolean {
  const output = execFileSync('ps', ['-eo', 'ppid,args'], { encoding: 'utf8' });
  return output.split('\n').some((line) => line.trim().startsWith(`${cliPid} `) && line.includes('harness/run/child.js'));
}

/** Resolves once the CLI's measured child has been running for `afterMs`. */
async function measuredChildRunning(cliPid: number, afterMs: number): Promise<void> {
  while (!hasMeasuredChild(cliPid)) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, afterMs));
}

/**
 * Once the CLI's measured child has been running for `afterMs`, kills its server's postmaster
 * with SIGKILL (the way an OOM killer or a crash takes a server down). Resolves with the pid.
 */
async function killServerDuringRun(cliPid: number, afterMs: number): Promise<{ pid: number; dataDirectory: string }> {
  await measuredChildRunning(cliPid, afterMs);
  const postmaster = postmasterOf(cliPid);
  if (postmaster === null) throw new Error('no postmaster found for the CLI');
  const line = serverProcesses().find((candidate) => candidate.trim().startsWith(`${postmaster} `)) ?? '';
  const dataDirectory = /postgres -D (\S+)/.exec(line)?.[1] ?? '';
  process.kill(postmaster, 'SIGKILL');
  return { pid: postmaster, dataDirectory };
}

/** Waits until `check` holds (for processes that exit a moment after their parent). */
async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

async function eventuallyAsync(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** Mounts a tmpfs of `size` at a fresh folder; null (with the reason) where this machine does not allow it. */
function mountTmpfs(size: string, options = 'mode=1777'): { path: string; unmount: () => void } | { reason: string } {
  const path = mkdtempSync(join(tmpdir(), 'rowmeter-tmpfs-test-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},${options}`, 'tmpfs', path], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(path, { recursive: true, force: true });
    return { reason: `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || 'mount failed').trim()})` };
  }
  return {
    path,
    unmount: () => {
      spawnSync('umount', ['-l', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

describe('a database lost mid-benchmark', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-faults-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('the embedded server killed during a run: database-lost, reports written, exit 3, nothing left behind', async () => {
    const directoriesBefore = ownTempDirectories();
    const out = join(scratch, 'killed');
    let killing: Promise<{ pid: number; dataDirectory: string }> | null = null;
    const outcome = await runCli(['bench', '--rows', '20000', '--repeat', '2', '--libraries', 'pg', '--strategies', 'full-load,set-based', '--out', out], {
      onStderr: (text, child) => {
        // The full load of 20,000 rows takes seconds; 700 ms into it, the server dies.
        if (killing === null && /backfill\/pg\/full-load #1/.test(text) && child.pid) killing = killServerDuringRun(child.pid, 700);
      },
    });
    assert.ok(killing !== null, `the run started: ${outcome.stderr}`);
    const killed = await (killing as Promise<{ pid: number; dataDirectory: string }>);
    assert.equal(outcome.code, 3, outcome.stderr);
    assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
    assert.match(
      lastLine(outcome.stderr),
      new RegExp(
        `^rowmeter: database lost: the embedded PostgreSQL on 127\\.0\\.0\\.1:\\d+ went away during backfill/pg/full-load #1 \\(20000 rows\\): the server killed by SIGKILL.*; 0 of 4 runs finished; reports in ${out.replace(/[/.]/g, '\\$&')}$`,
      ),
    );
    const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
    assert.deepEqual(results.runs.map((run) => [run.scenarioId, run.status]), [['backfill/pg/full-load', 'database-lost']], 'no run tried after the loss');
    assert.equal(results.context.finishedAt, null, 'marked incomplete');
    for (const file of ['report.html', 'summary.md', 'runs.csv']) assert.ok(existsSync(join(out, file)), file);
    // Only this CLI's server is looked at: other rowmeters may be running on this machine.
    assert.ok(killed.dataDirectory.includes('rowmeter-pg-'), `the server's data directory was found: ${killed.dataDirectory}`);
    assert.ok(await eventually(() => serverProcesses().every((line) => !line.includes(killed.dataDirectory))), `no server process of it left: ${serverProcesses().join('; ')}`);
    assert.equal(existsSync(killed.dataDirectory), false, 'its data directory was removed');
    // Its backends notice the postmaster's death and exit: none is left orphaned (adopted by init).
    const orphans = (): string[] =>
      execFileSync('ps', ['-eo', 'ppid,args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /^\s*1\s+postgres: /.test(line));
    assert.ok(await eventually(() => orphans().length === 0), `no orphan backend: ${orphans().join('; ')}`);
    // New temp folders that remain, less the data folders of servers still running (another rowmeter's).
    const running = serverProcesses().map((line) => /postgres -D \S*\/(rowmeter-pg-[^/\s]+)/.exec(line)?.[1]);
    assert.deepEqual(ownTempDirectories().filter((name) => !directoriesBefore.includes(name) && !running.includes(name)), [], 'no temp directory left');
  });

  describe('a given server shut down during a run', () => {
    let server: DatabaseServer;
    before(async () => {
      server = await startEmbeddedServer();
    });
    after(async () => server.stop());

    test('records the server\'s own message, stops, exits 3', async () => {
      const out = join(scratch, 'shutdown');
      let stopping: Promise<void> | null = null;
      const outcome = await runCli(['bench', '--rows', '20000', '--repeat', '1', '--libraries', 'pg', '--strategies', 'iterator,set-based', '--out', out], {
        env: { DATABASE_URL: server.adminUrl },
        onStderr: (text, child) => {
          // A fast shutdown, as a restart of a shared server begins: every session is terminated.
          if (stopping === null && /backfill\/pg\/iterator #1/.test(text) && child.pid) stopping = measuredChildRunning(child.pid, 700).then(() => server.stop());
        },
      });
      await stopping;
      assert.equal(outcome.code, 3, outcome.stderr);
      assert.match(lastLine(outcome.stderr), /^rowmeter: database lost: the server at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres went away during backfill\/pg\/iterator #1 \(20000 rows\): .*; 0 of 2 runs finished; reports in /);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /);
      const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
      assert.equal(results.runs.length, 1);
      const [run] = results.runs;
      assert.equal(run?.status, 'database-lost');
      assert.match(run?.failure?.message ?? '', /terminating connection due to administrator command|Connection terminated/, 'the server\'s own message is kept');
    });
  });
});

describe('a full disk', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-faults-disk-test-'));
  let helper: DatabaseServer;
  before(async () => {
    helper = await startEmbeddedServer();
  });
  after(async () => {
    await helper.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('too small for the tables asked for: the embedded server is refused before it starts, exit 2', async (context) => {
    const disk = mountTmpfs('64m');
    if ('reason' in disk) return context.skip(disk.reason);
    try {
      const outcome = await runCli(['bench', '--rows', '1M', '--out', join(scratch, 'no-room')], { env: { TMPDIR: disk.path } });
      assert.equal(outcome.code, 2, outcome.stderr);
      assert.match(
        outcome.stderr.trim(),
        new RegExp(`^rowmeter: Not enough disk for 1,000,000 rows: about [\\d.]+ [MG]iB needed \\(the templates, one run's copy and its rewrite\\), [\\d.]+ MiB free in ${disk.path.replace(/[/.]/g, '\\$&')}; set TMPDIR to a bigger disk, or measure fewer rows$`),
      );
      assert.deepEqual(readdirSync(disk.path), [], 'nothing was started or written there');
    } finally {
      disk.unmount();
    }
  });

  test('under the results: exit 3 naming the folder, results.json complete and never truncated', async (context) => {
    const disk = mountTmpfs('400k');
    if ('reason' in disk) return context.skip(disk.reason);
    try {
      const out = join(disk.path, 'out');
      // 1 ms sampling makes each run add tens of KiB to results.json, so the 400 KiB disk fills after a few runs.
      const outcome = await runCli(['bench', '--rows', '3000', '--repeat', '40', '--interval', '1', '--libraries', 'pg', '--strategies', 'full-load', '--out', out], {
        env: { DATABASE_URL: helper.adminUrl },
      });
      assert.equal(outcome.code, 3, outcome.stderr);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /);
      assert.match(lastLine(outcome.stderr), new RegExp(`^rowmeter: disk full: no space left on ${out.replace(/[/.]/g, '\\$&')} while writing .*results\\.json; \\d+ of 40 runs finished; results in `));
      const text = readFileSync(join(out, 'results.json'), 'utf8');
      const results = checkResults(JSON.parse(text), 'results.json');
      assert.ok(results.runs.length >= 1 && results.runs.length < 40, `kept the runs written before the disk filled (${results.runs.length})`);
      assert.ok(results.runs.every((run) => run.status === 'ok'));
      assert.deepEqual(readdirSync(out).filter((name) => name.endsWith('.tmp')), [], 'no partial temp file left');
    } finally {
      disk.unmount();
    }
  });

  /**
   * The server's disk filling: the run databases live in a tablespace on a small tmpfs (template1
   * is moved there, so every database rowmeter creates inherits it), while the server's WAL stays
   * on a roomy disk, as a server whose data volume fills up would see it (a full WAL disk makes
   * PostgreSQL panic and restart instead, which is the lost-database case above).
   */
  describe('under the database server', () => {
    let server: DatabaseServer;
    let unmount: (() => void) | null = null;
    let diskPath = '';
    let skipReason: string | null = null;
    const serverUser = (): { uid: number; gid: number } | null => {
      if (process.getuid?.() !== 0) return null;
      const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
    };

    /** A fresh server whose template1 lives on a tmpfs of `size` (the previous one, if any, stopped). */
    async function serverWithSmallDisk(size: string): Promise<void> {
      await server?.stop();
      unmount?.();
      unmount = null;
      server = await startEmbeddedServer();
      const owner = serverUser();
      const disk = mountTmpfs(size, owner ? `uid=${owner.uid},gid=${owner.gid},mode=0700` : 'mode=0700');
      if ('reason' in disk) {
        skipReason = disk.reason;
        return;
      }
      unmount = disk.unmount;
      diskPath = disk.path;
      await withClient(server.adminUrl, async (client) => {
        await client.query(`CREATE TABLESPACE small_disk LOCATION '${disk.path}'`);
        await client.query('ALTER DATABASE template1 SET TABLESPACE small_disk');
      });
    }

    after(async () => {
      await server?.stop();
      unmount?.();
    });

    const databases = (): Promise<string[]> =>
      withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' ORDER BY 1")).rows.map((row) => row.datname));

    test('while seeding: exit 3, one line, the half-built template dropped', async (context) => {
      await serverWithSmallDisk('40m');
      if (skipReason) return context.skip(skipReason);
      const outcome = await runCli(['bench', '--rows', '100000', '--libraries', 'pg', '--strategies', 'set-based', '--repeat', '1', '--out', join(scratch, 'seed-full')], {
        env: { DATABASE_URL: server.adminUrl },
      });
      assert.equal(outcome.code, 3, outcome.stderr);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /);
      assert.match(
        lastLine(outcome.stderr),
        /^rowmeter: disk full: no space left on the disk of the server at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres while seeding 100000 rows: could not extend file/,
      );
      assert.deepEqual(await databases(), [], 'no template, half-built or whole, is left');
    });

    test('while copying a run database: exit 3, the finished run kept and reported', async (context) => {
      // Room for the template, a copy and its rewrite; the ballast below takes the rest.
      await serverWithSmallDisk('150m');
      if (skipReason) return context.skip(skipReason);
      const out = join(scratch, 'copy-full');
      let filling: Promise<void> | null = null;
      const ballast = join(diskPath, 'ballast');
      // After the first run, something else fills the disk: the next copy of the template cannot be made.
      const fill = async (): Promise<void> => {
        const handle = openSync(ballast, 'w');
        try {
          const chunk = Buffer.alloc(1024 * 1024, 1);
          for (;;) writeSync(handle, chunk);
        } catch (error) {
          assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC', 'the ballast stopped at a full disk');
        } finally {
          closeSync(handle);
        }
      };
      const outcome = await runCli(['bench', '--rows', '10000', '--libraries', 'pg', '--strategies', 'set-based', '--repeat', '3', '--out', out], {
        env: { DATABASE_URL: server.adminUrl },
        onStderr: (text, child) => {
          if (filling === null && /\[1\/3\] .* ok:/.test(text)) {
            child.kill('SIGSTOP');
            filling = fill().finally(() => child.kill('SIGCONT'));
          }
        },
      });
      await filling;
      // On a full disk the server cannot even checkpoint, so it cannot drop the first run's copy; rowmeter says which.
      rmSync(ballast, { force: true });
      const leftBehind = (await databases()).filter((name) => name.startsWith('rowmeter_run_'));
      for (const name of leftBehind) {
        assert.match(outcome.stderr, new RegExp(`Could not drop .*${name} \\(`), `${name} is named as left behind`);
        // The server needs a moment (a successful checkpoint) before it can drop again.
        assert.ok(await eventuallyAsync(() => withClient(server.adminUrl, (client) => client.query(`DROP DATABASE ${name}`)).then(() => true, () => false)), `${name} can be dropped once there is space`);
      }
      assert.equal(outcome.code, 3, outcome.stderr);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /);
      assert.match(
        lastLine(outcome.stderr),
        /^rowmeter: disk full: no space left on the disk of the server .* while copying the template for backfill\/pg\/set-based #2 \(10000 rows\): .*; 1 of 3 runs finished; reports in /,
      );
      const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
      assert.deepEqual(results.runs.map((run) => run.status), ['ok'], 'the finished run is kept');
      for (const file of ['report.html', 'summary.md', 'runs.csv']) assert.ok(existsSync(join(out, file)), file);
    });
  });
});
