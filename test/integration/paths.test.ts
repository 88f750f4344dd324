/**
 * Every path rowmeter creates, given as a user would get it wrong: under /proc (a folder that
 * cannot hold folders) and through a dangling symbolic link. Node's recursive mkdir used to
 * spin forever on these; each must now be one line, exit 2, within seconds, nothing created.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { makeResults, makeRun } from '../support/fixtures.js';
import { runCli } from '../support/cli.js';

/** Runs the CLI, killing it if it has not finished in `limitMs` (a hang must fail the test, not the suite). */
async function runWithin(limitMs: number, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await runCli(args, {
    env,
    onStderr: () => undefined,
    detached: false,
    onSpawn: (child) => {
      timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    },
  });
  clearTimeout(timer);
  return { ...outcome, ms: Date.now() - started };
}

function assertQuickUsageError(outcome: { code: number | null; stderr: string; ms: number }, pattern: RegExp): void {
  assert.equal(outcome.code, 2, `exit 2 expected (a null code means it hung and was killed): ${outcome.stderr}`);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(outcome.stderr, /\n\s+at /);
  assert.ok(outcome.ms < 10_000, `took ${outcome.ms} ms`);
}

describe('paths that cannot be created fail at once, exit 2', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-paths-cli-test-'));
  const dangling = join(scratch, 'broken-link');
  symlinkSync(join(scratch, 'points-nowhere'), dangling);
  const results = join(scratch, 'results.json');
  writeFileSync(results, JSON.stringify(makeResults([makeRun()])));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  // No server is needed: every path is checked before one is started or reached.
  const noServer = ['--database-url', 'postgres://nobody@127.0.0.1:1/none'];

  test('bench --out under /proc', async (context) => {
    if (process.platform !== 'linux') return context.skip('/proc exists on Linux only');
    const outcome = await runWithin(20_000, ['bench', '--out', '/proc/forbidden/x']);
    assertQuickUsageError(outcome, /^rowmeter: Cannot create --out \/proc\/forbidden\/x: \/proc cannot hold a folder \(ENOENT\)$/);
  });

  test('bench --out through a dangling symbolic link', async () => {
    const outcome = await runWithin(20_000, ['bench', '--out', join(dangling, 'out')]);
    assertQuickUsageError(outcome, /^rowmeter: Cannot create --out .*broken-link\/out: .*broken-link is a symbolic link to .*points-nowhere, which does not exist$/);
    assert.equal(existsSync(join(scratch, 'points-nowhere')), false, 'nothing created');
  });

  test('bench --history through a dangling symbolic link, before anything is measured', async () => {
    const outcome = await runWithin(20_000, ['bench', '--history', join(dangling, 'h.jsonl'), '--out', join(scratch, 'never'), ...noServer]);
    assert.equal(outcome.code, 2, outcome.stderr);
    // The unreachable server is found first or the history folder is: either way one line, exit 2, nothing written.
    assert.equal(outcome.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(join(scratch, 'never')), false);
  });

  test('bench with a TMPDIR that is a dangling link', async () => {
    const outcome = await runWithin(20_000, ['bench', '--out', join(scratch, 'tmp-out')], { TMPDIR: dangling });
    assertQuickUsageError(outcome, /^rowmeter: The temp folder cannot be used \(set TMPDIR to another\): .*broken-link is a symbolic link to a missing folder$/);
  });

  test('report --out under /proc and through a dangling link', async (context) => {
    if (process.platform !== 'linux') return context.skip('/proc exists on Linux only');
    assertQuickUsageError(await runWithin(20_000, ['report', results, '--out', '/proc/forbidden/r']), /^rowmeter: Cannot create the report folder \/proc\/forbidden\/r: \/proc cannot hold a folder \(ENOENT\)$/);
    assertQuickUsageError(await runWithin(20_000, ['report', results, '--out', join(dangling, 'r')]), /^rowmeter: Cannot create the report folder .*: .*which does not exist$/);
  });

  test('compare --markdown under /proc and through a dangling link', async (context) => {
    if (process.platform !== 'linux') return context.skip('/proc exists on Linux only');
    assertQuickUsageError(await runWithin(20_000, ['compare', results, results, '--markdown', '/proc/forbidden/c.md']), /^rowmeter: Cannot write the Markdown comparison to \/proc\/forbidden\/c\.md: \/proc cannot hold a folder \(ENOENT\)$/);
    assertQuickUsageError(await runWithin(20_000, ['compare', results, results, '--markdown', join(dangling, 'c.md')]), /^rowmeter: Cannot write the Markdown comparison to .*which does not exist$/);
  });
});
