/**
 * The built-in suite stands on the public API alone: its cells are found by the glob a user's
 * project is searched with, discovered by the same core, and neither `scenarios/` nor `seed/`
 * imports anything of the runner.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { BUILTIN_SCENARIOS_DIRECTORY, discoverBuiltin, loadMatrix } from '../../../harness/config/builtin.js';
import { DEFAULT_SCENARIO_GLOBS, discoverFiles, SEEDED_TABLE } from '../../../harness/config/discover.js';
import { UsageError } from '../../../harness/errors.js';
import { cellOf } from '../../../harness/run/cells.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, WORKLOADS } from '../../../harness/results.js';

/** The repository's root (this file runs as dist/test/unit/config/builtin.test.js). */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MATRIX_SIZE = WORKLOADS.reduce((sum, workload) => sum + STRATEGIES_BY_WORKLOAD[workload].length * LIBRARIES.length, 0);

describe('the built-in suite is found as a user\'s scenarios are', () => {
  it('the default scenario glob finds exactly one source file per matrix cell, and no helper', async () => {
    const files = await glob(DEFAULT_SCENARIO_GLOBS, { cwd: join(ROOT, 'scenarios'), ignore: ['**/node_modules/**'] });
    assert.equal(files.length, MATRIX_SIZE);
    for (const file of files) assert.match(file, /^(backfill|export|import)\/[a-z-]+\/[a-z-]+\.rowmeter\.ts$/, file);
    assert.ok(!files.some((file) => /\/(connect|workload|paging|tables|pipeline)\.rowmeter\.ts$/.test(file)));
  });

  it('discovery over the compiled suite gives every cell, each on the seeded table with its workload and coordinates as tags', async () => {
    const cells = await discoverBuiltin();
    assert.equal(cells.length, MATRIX_SIZE);
    for (const cell of cells) {
      assert.equal(cell.table, SEEDED_TABLE);
      assert.equal(cell.workload, cell.tags.workload, cell.id);
      assert.equal(cell.id, `${cell.tags.workload}/${cell.tags.library}/${cell.tags.strategy}`);
      assert.equal(cell.file, null, 'a built-in cell has no file of a config');
      assert.ok(cell.modulePath.startsWith(BUILTIN_SCENARIOS_DIRECTORY) && cell.modulePath.endsWith('.rowmeter.js'), cell.modulePath);
      if (cell.support === 'unsupported') assert.ok((cell.unsupportedReason ?? '').length > 10, `${cell.id} says why`);
    }
  });

  it('loadMatrix selects by tags, in matrix order', async () => {
    const cells = await loadMatrix(['import'], ['knex', 'pg']);
    assert.deepEqual(
      cells.map((cell) => cell.id),
      ['knex', 'pg'].flatMap((library) => STRATEGIES_BY_WORKLOAD.import.map((strategy) => `import/${library}/${strategy}`)),
    );
  });

  it('an unsupported cell has a setup that throws its reason', async () => {
    const [cell] = (await loadMatrix(['import'], ['prisma'])).filter((candidate) => candidate.support === 'unsupported');
    const { default: definition } = (await import(cell!.modulePath)) as { default: { setup(context: unknown): Promise<unknown> } };
    await assert.rejects(definition.setup({}), (error: Error) => error.message === `not supported: ${cell!.unsupportedReason}`);
  });
});

describe('one cell for built-in and user scenarios alike', () => {
  const user = { id: 'mine', name: 'mine', file: 'bench/mine.rowmeter.ts', modulePath: '/x.mjs', params: {}, table: SEEDED_TABLE, tags: {}, description: null, budget: {}, version: 1, verifies: true };

  it('a built-in cell: rowmeter\'s hooks, harness verification, its description and notes', async () => {
    const [discovered] = await loadMatrix(['backfill'], ['typeorm']);
    const cell = cellOf(discovered!, undefined);
    assert.equal(cell.workload?.name ?? null, 'backfill');
    assert.equal(cell.verifyInChild, false);
    assert.deepEqual([cell.info.verification, cell.info.file, cell.info.how, cell.info.budget], ['harness', null, discovered!.description, null]);
    assert.ok((cell.info.notes ?? []).length > 0);
  });

  it('a user\'s scenario on the built-in workload gets the same hooks, and its own verify is not called', () => {
    const cell = cellOf({ ...user, workload: 'export' }, undefined);
    assert.equal(cell.workload?.name, 'export');
    assert.equal(cell.verifyInChild, false);
    assert.equal(cell.info.verification, 'harness');
  });

  it('a user\'s own job verifies itself in the child; an unsupported one is listed with its reason', () => {
    const cell = cellOf(user, undefined);
    assert.deepEqual([cell.workload, cell.verifyInChild, cell.info.verification, cell.info.support], [null, true, 'scenario', 'native']);
    const unsupported = cellOf({ ...user, support: 'unsupported', unsupportedReason: 'no API' }, undefined);
    assert.deepEqual([unsupported.info.support, unsupported.info.unsupportedReason], ['unsupported', 'no API']);
  });
});

describe('discovery refuses incoherent built-in keys', () => {
  async function problemOf(body: string): Promise<string> {
    const folder = mkdtempSync(join(tmpdir(), 'rowmeter-builtin-keys-'));
    try {
      const file = join(folder, 'bad.rowmeter.mjs');
      writeFileSync(file, `export default { name: 'bad', setup: async () => ({ run: async () => {} }), ${body} };\n`);
      await discoverFiles({ files: [file], tables: new Set([SEEDED_TABLE, 'accounts']), directory: folder, shownConfig: 'rowmeter.config.ts', cache: null, cwd: folder });
      return 'accepted';
    } catch (error) {
      assert.ok(error instanceof UsageError, String(error));
      return error.message;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  it('a built-in workload on a table of its own, unsupported without a reason, a reason without unsupported', async () => {
    assert.equal(await problemOf(`table: 'accounts', workload: 'backfill'`), 'bad.rowmeter.mjs: workload "backfill" runs on table "rowmeter_rows", not "accounts"');
    assert.equal(await problemOf(`table: 'rowmeter_rows', support: 'unsupported'`), 'bad.rowmeter.mjs: unsupportedReason is required with support "unsupported" (say why)');
    assert.equal(await problemOf(`table: 'rowmeter_rows', unsupportedReason: 'why'`), 'bad.rowmeter.mjs: unsupportedReason is only for support "unsupported"');
    assert.equal(await problemOf(`table: 'rowmeter_rows', workload: 'import', support: 'emulated'`), 'accepted');
  });
});

/** Every module specifier a TypeScript source imports or re-exports, static or dynamic. */
function importSpecifiers(source: string): string[] {
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

describe('scenarios/ and seed/ stand on the public API alone', () => {
  it('no source file in them imports anything of harness/ but harness/api/index.js', async () => {
    const files = await glob(['scenarios/**/*.ts', 'seed/**/*.ts'], { cwd: ROOT, ignore: ['**/node_modules/**', '**/generated/**'] });
    assert.ok(files.length > MATRIX_SIZE, 'the cells and their helpers were read');
    const api = resolve(ROOT, 'harness/api/index.js');
    const offending: string[] = [];
    let throughApi = 0;
    for (const file of files) {
      for (const specifier of importSpecifiers(readFileSync(join(ROOT, file), 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(ROOT, dirname(file), specifier);
        if (target === api) throughApi += 1;
        else if (!relative(join(ROOT, 'harness'), target).startsWith('..')) offending.push(`${file} imports ${specifier}`);
      }
    }
    assert.deepEqual(offending, []);
    assert.ok(throughApi >= MATRIX_SIZE, `every cell imports defineScenario from the API (${throughApi} imports)`);
  });

  it('reads the specifiers it checks', () => {
    const sample = "import type { A } from '../../harness/api/index.js';\nexport type { B } from './b.js';\nconst m = await import('../c.js');\nimport './side.js';";
    assert.deepEqual(importSpecifiers(sample).sort(), ['../../harness/api/index.js', '../c.js', './b.js', './side.js']);
  });
});
