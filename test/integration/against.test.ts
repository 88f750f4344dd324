import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BenchmarkResults } from '../../harness/results.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

/** A job over ctx.rows rows that keeps (`hoard`) or drops each 1 KB row it makes. */
const job = (hoard: boolean) => `export default {
  name: 'rows-job',
  table: 'rowmeter_rows',
  async setup(ctx) {
    return {
      async run() {
        const kept = [];
        for (let row = 0; row < ctx.rows; row += 1) {
          const line = String(row).padStart(1000, '.');
          ${hoard ? 'kept.push(line);' : 'void line;'}
          ctx.rowsProcessed(1);
        }
        globalThis.keptRows = kept.length;
      },
    };
  },
};
`;

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
const againstFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('rowmeter-against-'));

describe('this branch against main (--against)', () => {
  let url: string;
  let stop: () => Promise<void>;
  let repository: string;
  before(async () => {
    ({ stop } = await startTestServer().then((started) => ((url = started.server.adminUrl), started)));
    repository = mkdtempSync(join(tmpdir(), 'rowmeter-repo-'));
    git(repository, 'init', '--quiet', '--initial-branch', 'main');
    writeFileSync(join(repository, 'rowmeter.config.mjs'), 'export default { rows: 20000 };\n');
    writeFileSync(join(repository, 'job.rowmeter.mjs'), job(false));
    writeFileSync(join(repository, 'only-on-main.rowmeter.mjs'), job(false).replace("'rows-job'", "'retired-job'"));
    git(repository, 'add', '.');
    git(repository, 'commit', '--quiet', '-m', 'lean job');
    // The pull request: the job now keeps every row, and one scenario is gone.
    git(repository, 'checkout', '--quiet', '-b', 'feature');
    writeFileSync(join(repository, 'job.rowmeter.mjs'), job(true));
    git(repository, 'rm', '--quiet', 'only-on-main.rowmeter.mjs');
    git(repository, 'commit', '--quiet', '-am', 'keep every row');
  });
  after(async () => {
    rmSync(repository, { recursive: true, force: true });
    await stop();
  });

  test('runs the scenario from both revisions interleaved and finds the branch\'s hoarding, then removes the worktree', async () => {
    const before = againstFolders();
    const out = join(repository, 'out');
    const outcome = await runCli(['bench', '--against', 'main', '--repeat', '3', '--out', out], { env: { DATABASE_URL: url }, cwd: repository });
    // The branch keeps 20 MB more: a regression under the paired rule, exit 1.
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stderr, /Regression: rows-job at 20,000 rows: HEAD uses [\d.]+ % more peak memory \(RSS\) than main \(95 % CI [^)]*\), at or above the 5 % threshold/);
    assert.match(outcome.stderr, /Comparing with main \([0-9a-f]{8}\) checked out in /);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(results.runs.map((run) => `${run.scenarioId}#${run.repeat}`), ['rows-job{main}#1', 'rows-job{HEAD}#1', 'rows-job{HEAD}#2', 'rows-job{main}#2', 'rows-job{main}#3', 'rows-job{HEAD}#3']);
    assert.equal(results.context.variants?.[0]?.resolved.git, git(repository, 'rev-parse', 'main').trim());
    const retired = results.scenarios.find((scenario) => scenario.id === 'retired-job{main}');
    assert.equal(retired?.selected, false);
    assert.deepEqual(retired?.notes, ['not compared: only at main, not in the working tree']);
    const peak = results.variantComparisons![0]!.differences.find((difference) => difference.metric === 'peakRssBytes')!;
    assert.equal(peak.verdict, 'higher', JSON.stringify(peak));
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /rows-job at 20,000 rows: HEAD uses [\d.]+ % more peak/);
    assert.deepEqual(againstFolders(), before, 'the worktree is removed at exit');
    assert.doesNotMatch(git(repository, 'worktree', 'list'), /rowmeter-against-/);
  });

  test('a ref that is no commit, a folder outside git, or no config, is one line and exit 2', async () => {
    const missing = await runCli(['bench', '--against', 'no-such-branch'], { env: { DATABASE_URL: url }, cwd: repository });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'rowmeter: --against: "no-such-branch" is not a commit of this repository (git rev-parse found nothing)');
    const outside = mkdtempSync(join(tmpdir(), 'rowmeter-nogit-'));
    try {
      writeFileSync(join(outside, 'rowmeter.config.mjs'), 'export default { rows: 10 };\n');
      writeFileSync(join(outside, 'job.rowmeter.mjs'), job(false));
      const result = await runCli(['bench', '--against', 'main'], { env: { DATABASE_URL: url }, cwd: outside });
      assert.equal(result.code, 2);
      assert.equal(result.stderr.trim(), `rowmeter: --against: ${outside} is not in a git repository`);
      rmSync(join(outside, 'rowmeter.config.mjs'));
      const bare = await runCli(['bench', '--against', 'main'], { env: { DATABASE_URL: url }, cwd: outside });
      assert.equal(bare.code, 2);
      assert.equal(bare.stderr.trim(), 'rowmeter: --against compares your own scenarios between revisions, and there is no rowmeter config here (rowmeter init makes one)');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
