/**
 * The example projects in examples/, each copied to a fresh folder, installed with rowmeter from
 * its packed tarball and the example's own libraries, and benchmarked for real: every scenario
 * runs, checks its own work and stays within its budgets.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatabaseServer } from '../../harness/run/database.js';
import type { BenchmarkResults } from '../../harness/results.js';
import { installProject, npxRowmeter, pinnedVersion, projectFolder, REPOSITORY_ROOT } from '../support/project.js';
import { startTestServer } from '../support/server.js';

const EXAMPLES = join(REPOSITORY_ROOT, 'examples');

/** The example's libraries at the versions this repository pins (so npm takes them from its cache). */
function librariesOf(example: string): string[] {
  const manifest = JSON.parse(readFileSync(join(EXAMPLES, example, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return Object.keys(manifest.devDependencies)
    .filter((name) => name !== 'rowmeter')
    .map((name) => `${name}@${pinnedVersion(name)}`);
}

describe('the example projects, installed from the packed tarball', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  before(async () => {
    ({ server, stop } = await startTestServer());
  });
  after(async () => {
    await stop();
  });

  const examples = readdirSync(EXAMPLES).sort();
  test('there are at least two', () => {
    assert.ok(examples.length >= 2, examples.join(', '));
  });

  for (const example of examples) {
    test(`${example}: every scenario runs, verifies its work and keeps its budgets`, async () => {
      const folder = projectFolder(`example-${example}`);
      try {
        cpSync(join(EXAMPLES, example), folder, { recursive: true });
        const manifest = readFileSync(join(folder, 'package.json'), 'utf8');
        await installProject(folder, librariesOf(example), (JSON.parse(manifest) as { type?: 'module' | 'commonjs' }).type ?? 'commonjs');
        const outcome = await npxRowmeter(folder, ['bench', '--rows', '2000', '--repeat', '1', '--out', 'out'], { DATABASE_URL: server.adminUrl });
        assert.equal(outcome.code, 0, `${outcome.stdout}\n${outcome.stderr}`);
        const results = JSON.parse(readFileSync(join(folder, 'out', 'results.json'), 'utf8')) as BenchmarkResults;
        assert.ok(results.runs.length >= 2, 'each example has at least two scenarios');
        for (const run of results.runs) {
          assert.equal(run.status, 'ok', `${run.scenarioId}: ${run.failure?.message ?? ''}`);
          assert.equal(run.verify?.mismatches, 0, `${run.scenarioId} checked its own work`);
          assert.equal(run.rows, 2000, `${run.scenarioId} reported every row`);
        }
        assert.ok(results.budgets.length > 0 && results.budgets.every((verdict) => verdict.verdict === 'within'), JSON.stringify(results.budgets));
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
