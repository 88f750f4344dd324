/**
 * Earlier results are never overwritten by accident: `bench --out` and `report --out` at a folder
 * that holds another benchmark's results.json are refused, one line, exit 2, the folder byte for
 * byte unchanged, unless `--overwrite`; the default folder never collides with an existing one.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freshDefaultFolder, refuseEarlierResults } from '../../harness/run/benchmark.js';
import { UsageError } from '../../harness/errors.js';
import { runCli } from '../support/cli.js';
import { makeResults, makeRun } from '../support/fixtures.js';

/** A digest of every file in a folder, names and contents. */
function folderDigest(folder: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  return hash.digest('hex');
}

describe('a folder that holds earlier results', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-earlier-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const earlier = join(scratch, 'earlier');
  mkdirSync(earlier);
  writeFileSync(join(earlier, 'results.json'), JSON.stringify(makeResults([makeRun()])));
  writeFileSync(join(earlier, 'summary.md'), '# earlier\n');
  // No server: the folder is checked before one is started or reached.
  const noServer = ['--database-url', 'postgres://nobody@127.0.0.1:1/none'];

  test('bench --out is refused in one line, exit 2, nothing changed', async () => {
    const before = folderDigest(earlier);
    const outcome = await runCli(['bench', '--rows', '1000', '--out', earlier, ...noServer]);
    assert.equal(outcome.code, 2, outcome.stderr);
    assert.match(outcome.stderr.trim(), /^rowmeter: --out .*earlier already holds results\.json of a benchmark started 2026-11-24T12:00:00\.000Z: give another folder, or add --overwrite to replace it$/);
    assert.equal(folderDigest(earlier), before);
  });

  test('with --overwrite the folder passes that check (and the run goes on to the server)', async () => {
    const outcome = await runCli(['bench', '--rows', '1000', '--out', earlier, '--overwrite', ...noServer]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /Cannot connect to postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });

  test('report --out over another benchmark\'s folder is refused; beside its own results.json it is fine', async () => {
    const other = join(scratch, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'results.json'), JSON.stringify(makeResults([makeRun()])));
    const before = folderDigest(earlier);
    const refused = await runCli(['report', join(other, 'results.json'), '--out', earlier]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr.trim(), /^rowmeter: --out .*earlier already holds results\.json/);
    assert.equal(folderDigest(earlier), before);
    const own = await runCli(['report', join(other, 'results.json'), '--out', other]);
    assert.equal(own.code, 0, own.stderr);
  });

  test('the default folder gets -2, -3… rather than reuse one', () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    const first = freshDefaultFolder([1000], now, scratch);
    assert.equal(first, join(scratch, 'reports', '2026-12-03T10-00-00Z-1000rows'));
    mkdirSync(first, { recursive: true });
    assert.equal(freshDefaultFolder([1000], now, scratch), `${first}-2`);
    mkdirSync(`${first}-2`);
    assert.equal(freshDefaultFolder([1000], now, scratch), `${first}-3`);
  });

  test('refuseEarlierResults lets an empty folder or --overwrite through', () => {
    assert.doesNotThrow(() => refuseEarlierResults(scratch, false));
    assert.doesNotThrow(() => refuseEarlierResults(earlier, true));
    assert.throws(() => refuseEarlierResults(earlier, false), UsageError);
  });
});
