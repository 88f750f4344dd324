import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withClient } from '../../harness/run/database.js';
import { LIBRARIES } from '../../harness/results.js';
import { checkResults } from '../../harness/store/store.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

function ownTempDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('rowmeter-pg-'));
}

function embeddedServerProcesses(): string[] {
  const output = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return output.split('\n').filter((line) => /postgres -D \S*rowmeter-pg-/.test(line));
}

function assertOneLineUsageError(outcome: { code: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  assert.equal(outcome.code, 2, `exit code 2 expected, stderr: ${outcome.stderr}`);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${outcome.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(outcome.stdout, '');
}

describe('the CLI, as a user runs it', () => {
  let stopServer: () => Promise<void>;
  let serverUrl: string;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-cli-test-'));

  before(async () => {
    const started = await startTestServer();
    stopServer = started.stop;
    serverUrl = started.server.adminUrl;
  });
  after(async () => {
    await stopServer();
    rmSync(scratch, { recursive: true, force: true });
  });

  const databases = (): Promise<string[]> =>
    withClient(serverUrl, async (client) => (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map((row) => row.datname));

  const badInputs: Array<[string, string[], RegExp]> = [
    ['--rows 0', ['--rows', '0'], /--rows to be at least 1, got "0"/],
    ['--rows -5', ['--rows', '-5'], /--rows to be a row count such as 50000, 10k or 1M, got "-5"/],
    ['--rows abc', ['--rows', 'abc'], /--rows to be a row count such as 50000, 10k or 1M, got "abc"/],
    ['--rows 10k,,5', ['--rows', '10k,,5'], /--rows to be a row count or a comma-separated list of them, got "10k,,5"/],
    ['--rows 0,5', ['--rows', '0,5'], /--rows to be at least 1, got "0"/],
    ['--rows 10Q', ['--rows', '10Q'], /--rows to be a row count such as 50000, 10k or 1M, got "10Q"/],
    ['--project-rows 1.5', ['--project-rows', '1.5'], /--project-rows to be a whole number of rows, got "1.5"/],
    ['--heap-limit 8', ['--heap-limit', '8'], /--heap-limit \(MiB\) to be at least 16/],
    ['a strategy of another workload', ['--strategies', 'copy'], /Unknown --strategies "copy" \(not a strategy of --workload backfill\)/],
    ['--repeat 0', ['--repeat', '0'], /--repeat to be at least 1/],
    ['--batch-size 0', ['--batch-size', '0'], /--batch-size to be at least 1/],
    ['an unknown strategy', ['--strategies', 'full-load,teleport'], /Unknown --strategies "teleport"; valid: full-load, iterator, .*set-based/],
    ['an unknown library', ['--libraries', 'mysql2'], /Unknown --libraries "mysql2"; valid: pg, knex, typeorm, prisma, postgres-js, drizzle, kysely, sequelize/],
    ['an unknown flag', ['--rowz', '5'], /^rowmeter: unknown option '--rowz' \(Did you mean --rows\?\)$/],
    ['a malformed database URL', ['--database-url', 'not a url'], /Invalid database URL/],
    ['a database URL of another kind', ['--database-url', 'mysql://localhost/db'], /scheme must be postgres/],
  ];
  for (const [name, args, pattern] of badInputs) {
    test(`bad input: ${name} is a one-line error, exit 2, and nothing is created`, async () => {
      const before = await databases();
      const server = args.includes('--database-url') ? [] : ['--database-url', serverUrl];
      const outcome = await runCli(['bench', ...args, ...server, '--out', join(scratch, 'never')]);
      assertOneLineUsageError(outcome, pattern);
      assert.deepEqual(await databases(), before);
      assert.equal(existsSync(join(scratch, 'never')), false, 'no output folder');
    });
  }

  test('bad input: an unreachable server is a one-line error, exit 2', async () => {
    const outcome = await runCli(['bench', '--database-url', 'postgres://nobody:secret@127.0.0.1:1/nowhere', '--out', join(scratch, 'unreachable')]);
    assertOneLineUsageError(outcome, /Cannot connect to postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    assert.doesNotMatch(outcome.stderr, /secret/, 'the password is never printed');
    assert.equal(existsSync(join(scratch, 'unreachable')), false, 'no output folder');
  });

  test('bad input: an --out that cannot be written is a one-line error, exit 2, before any database', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const before = await databases();
    const outcome = await runCli(['bench', '--database-url', serverUrl, '--out', join(file, 'out')]);
    assertOneLineUsageError(outcome, /Cannot create --out .*a-file\/out: .*a-file is not a folder$/);
    assert.deepEqual(await databases(), before);
  });

  test('--help documents every flag', async () => {
    const outcome = await runCli(['bench', '--help']);
    assert.equal(outcome.code, 0);
    for (const flag of ['--rows', '--payload-bytes', '--batch-size', '--repeat', '--libraries', '--strategies', '--interval', '--timeout', '--memory-limit', '--pipeline-depth', '--database-url', '--out', '--baseline', '--history', '--list']) {
      assert.ok(outcome.stdout.includes(flag), `${flag} in --help`);
    }
  });

  test('--list prints every cell of the matrix with its support, for all eight libraries', async () => {
    const outcome = await runCli(['bench', '--list']);
    assert.equal(outcome.code, 0, outcome.stderr);
    for (const library of LIBRARIES) assert.match(outcome.stdout, new RegExp(`${library}/set-based \\((native|emulated)\\)`));
    assert.equal(LIBRARIES.length, 8);
    assert.match(outcome.stdout, /pg\/pipelined \(native\)/);
    assert.match(outcome.stdout, /postgres-js\/pipelined \(native\)/);
    assert.doesNotMatch(outcome.stdout, /missing/);
  });

  test('a benchmark against a given server writes verified results and leaves only its template', async () => {
    const out = join(scratch, 'bench-url');
    const before = await databases();
    const outcome = await runCli(['bench', '--rows', '800', '--repeat', '2', '--libraries', 'pg', '--strategies', 'server-cursor,set-based', '--batch-size', '100', '--out', out], {
      env: { DATABASE_URL: serverUrl },
    });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, new RegExp(`Results: ${out}/results.json`));
    assert.match(outcome.stdout, /pg\/server-cursor/);
    const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
    assert.equal(results.runs.length, 4);
    assert.ok(results.runs.every((run) => run.status === 'ok' && run.verify?.mismatches === 0));
    assert.deepEqual(results.runs.map((run) => `${run.strategy}#${run.repeat}`), ['server-cursor#1', 'set-based#1', 'server-cursor#2', 'set-based#2'], 'repeats are interleaved');
    assert.equal(results.context.options.database, 'url');
    assert.doesNotMatch(JSON.stringify(results), /postgres:\/\//, 'no connection string (or password) in results');
    const after = await databases();
    const added = after.filter((name) => !before.includes(name));
    assert.deepEqual(added, ['rowmeter_tpl_v1_r800_p1024'], 'only the reusable template stays; run copies are dropped');

    const again = await runCli(['bench', '--rows', '800', '--repeat', '1', '--libraries', 'pg', '--strategies', 'set-based', '--out', join(scratch, 'bench-url-2')], { env: { DATABASE_URL: serverUrl } });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /Reusing the seeded template rowmeter_tpl_v1_r800_p1024/);
  });

  const interruptions: Array<[string, RegExp, number]> = [
    ['while seeding', /Seeding 20000 rows/, 0],
    ['during a run', /iterator #2/, 1],
  ];
  for (const [moment, trigger, keptRuns] of interruptions) {
    test(`Ctrl-C ${moment} exits 130 and leaves no server process or temp directory`, async () => {
      const directoriesBefore = ownTempDirectories();
      const serversBefore = embeddedServerProcesses();
      const out = join(scratch, `interrupted-${keptRuns}`);
      let sent = false;
      const outcome = await runCli(['bench', '--rows', '20000', '--repeat', '3', '--libraries', 'pg', '--strategies', 'iterator', '--out', out], {
        detached: true,
        onStderr: (text, child) => {
          // Like a terminal: the signal goes to the whole process group, children and server included.
          if (!sent && trigger.test(text) && child.pid) {
            sent = true;
            process.kill(-child.pid, 'SIGINT');
          }
        },
      });
      assert.ok(sent, `the benchmark got that far: ${outcome.stderr}`);
      assert.equal(outcome.code, 130, outcome.stderr);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
      if (keptRuns > 0) {
        const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
        assert.equal(results.runs.length, keptRuns, 'finished runs are kept, the interrupted one is not recorded');
        assert.ok(results.runs.every((run) => run.status === 'ok'));
      }
      // Other test files run beside this one: their servers and folders may come and go meanwhile,
      // so what counts is that this benchmark added none.
      assert.deepEqual(ownTempDirectories().filter((name) => !directoriesBefore.includes(name)), [], 'no temp directory left');
      assert.deepEqual(embeddedServerProcesses().filter((line) => !serversBefore.includes(line)), [], 'no server process left');
    });
  }
});
