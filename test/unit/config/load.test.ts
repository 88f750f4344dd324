/**
 * Loading a user's config and scenario files from real files in a temporary project: TypeScript
 * bundled, JavaScript imported as it is, and every bad file a one-line error naming it and its key.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { cellId, discoverScenarios, expandParams } from '../../../harness/config/discover.js';
import { findConfigFile, loadConfig, type LoadedConfig } from '../../../harness/config/load.js';
import { mergeConfig } from '../../../harness/config/merge.js';
import { ModuleCache } from '../../../harness/config/module.js';
import { UsageError } from '../../../harness/errors.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A scenario file's text. */
function scenario(name: string, table = 'rowmeter_rows', extra = ''): string {
  return `import { defineScenario } from 'rowmeter';\nexport default defineScenario({ name: ${JSON.stringify(name)}, table: ${JSON.stringify(table)}, ${extra} async setup(ctx) { return { async run() { ctx.rowsProcessed(1); } }; } });\n`;
}

describe('config and scenario files', () => {
  let project: string;
  const cache = new ModuleCache();
  let count = 0;
  /** A fresh project folder with `rowmeter` installed (a link to this repository) and the given files. */
  function projectWith(files: Record<string, string>): string {
    count += 1;
    const folder = join(project, `p${count}`);
    mkdirSync(join(folder, 'node_modules'), { recursive: true });
    symlinkSync(repositoryRoot, join(folder, 'node_modules', 'rowmeter'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(folder, name, '..'), { recursive: true });
      writeFileSync(join(folder, name), text);
    }
    return folder;
  }
  const usage = async (work: Promise<unknown>, message: RegExp | string): Promise<void> => {
    await assert.rejects(work, (error: unknown) => {
      assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    });
  };
  const discover = async (folder: string): Promise<Awaited<ReturnType<typeof discoverScenarios>>> => {
    const loaded = await loadConfig(folder, cache);
    return discoverScenarios(loaded, cache, 'rowmeter.config.ts', folder);
  };

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'rowmeter-config-test-'));
  });
  after(() => {
    cache.dispose();
    rmSync(project, { recursive: true, force: true });
  });

  it('finds rowmeter.config.ts before .mts, .js and .mjs, and none without one', () => {
    const folder = projectWith({ 'rowmeter.config.mjs': 'export default {}', 'rowmeter.config.ts': 'export default {}' });
    assert.equal(findConfigFile(folder), join(folder, 'rowmeter.config.ts'));
    assert.equal(findConfigFile(projectWith({})), null);
    assert.throws(() => findConfigFile(folder, 'nope.ts'), (error: unknown) => error instanceof UsageError && error.message === '--config nope.ts: no such file');
  });

  it('loads a TypeScript config through esbuild, typed with defineConfig', async () => {
    const folder = projectWith({
      'rowmeter.config.ts': `import { defineConfig, defineTable } from 'rowmeter';\nconst rows: number = 1000;\nexport default defineConfig({ tables: [defineTable({ name: 'accounts', existing: true })], rows, budget: { peakRss: '160 MiB' } });\n`,
    });
    const loaded = await loadConfig(folder, cache);
    assert.deepEqual(loaded.config, { tables: [{ name: 'accounts', existing: true }], rows: 1000, budget: { peakRss: '160 MiB' } });
    assert.equal(loaded.directory, folder);
  });

  it('loads a CommonJS config in a CommonJS project', async () => {
    const folder = projectWith({ 'package.json': '{"type":"commonjs"}', 'rowmeter.config.js': `const { defineConfig } = require('rowmeter');\nmodule.exports = defineConfig({ repeat: 2 });\n` });
    assert.deepEqual((await loadConfig(folder, cache)).config, { repeat: 2 });
  });

  it('names the file and the key of every bad config', async () => {
    await usage(loadConfig(projectWith({ 'rowmeter.config.ts': `export default { tables: [{ name: 'a', existng: true }] };` }), cache), 'rowmeter.config.ts: tables[0].existng is not an option — did you mean existing?');
    await usage(loadConfig(projectWith({ 'rowmeter.config.ts': `export default { repeat: '3' };` }), cache), 'rowmeter.config.ts: repeat: expected a whole number of runs, or "auto"');
    await usage(loadConfig(projectWith({ 'rowmeter.config.ts': `export default { rows: 10 ` }), cache), /^rowmeter\.config\.ts: does not compile: .*\(.*rowmeter\.config\.ts:1:\d+\)$/);
    await usage(loadConfig(projectWith({ 'rowmeter.config.mjs': `throw new Error('boom');` }), cache), 'rowmeter.config.mjs: could not be loaded: boom');
    await usage(loadConfig(projectWith({ 'rowmeter.config.mjs': `export const a = 1;` }), cache), /^rowmeter\.config\.mjs: the default export must be the config object/);
  });

  it('discovers scenario files by the default glob, never in node_modules, one cell per param combination', async () => {
    const folder = projectWith({
      'rowmeter.config.ts': 'export default {}',
      'bench/a.rowmeter.ts': scenario('alpha', 'rowmeter_rows', `params: { batchSize: [100, 1000], mode: ['x'] }, tags: { library: 'pg' },`),
      'b.rowmeter.mjs': scenario('beta').replace("import { defineScenario } from 'rowmeter';\n", '').replace('defineScenario(', '(').replace('async setup(ctx)', 'async setup(ctx)'),
      'node_modules/dep/c.rowmeter.ts': scenario('hidden'),
    });
    const cells = await discover(folder);
    assert.deepEqual(
      cells.map((cell) => [cell.id, cell.file, cell.params, cell.tags]),
      [
        ['beta', 'b.rowmeter.mjs', {}, {}],
        ['alpha[batchSize=100,mode=x]', join('bench', 'a.rowmeter.ts'), { batchSize: 100, mode: 'x' }, { library: 'pg' }],
        ['alpha[batchSize=1000,mode=x]', join('bench', 'a.rowmeter.ts'), { batchSize: 1000, mode: 'x' }, { library: 'pg' }],
      ],
    );
    // The child imports plain JavaScript: the TypeScript file's bundle, the JavaScript file itself.
    assert.match(cells[1]!.modulePath, /node_modules\/\.cache\/rowmeter\/\d+\/a\.rowmeter-[0-9a-f]{8}\.mjs$/);
    assert.ok(existsSync(cells[1]!.modulePath));
    assert.equal(cells[0]!.modulePath, join(folder, 'b.rowmeter.mjs'));
    assert.equal(cells[0]!.verifies, false);
  });

  it('refuses a glob that matches nothing, two scenarios with one name, an unknown table and a bad export', async () => {
    await usage(discover(projectWith({ 'rowmeter.config.ts': `export default { scenarios: 'jobs/*.ts' };` })), /^rowmeter\.config\.ts: scenarios "jobs\/\*\.ts" matches no file \(in .*\)$/);
    await usage(discover(projectWith({ 'rowmeter.config.ts': 'export default {}' })), /^rowmeter\.config\.ts: no scenario file matches \*\*\/\*\.rowmeter\.\{ts,mts,js,mjs\}/);
    await usage(
      discover(projectWith({ 'rowmeter.config.ts': 'export default {}', 'a.rowmeter.ts': scenario('same'), 'b.rowmeter.ts': scenario('same') })),
      'b.rowmeter.ts: name "same" is already the name of the scenario in a.rowmeter.ts',
    );
    await usage(
      discover(projectWith({ 'rowmeter.config.ts': `export default { tables: [{ name: 'accounts', existing: true }] }`, 'a.rowmeter.ts': scenario('a', 'acounts') })),
      'a.rowmeter.ts: table "acounts" is not a table of rowmeter.config.ts (tables: rowmeter_rows, accounts)',
    );
    await usage(discover(projectWith({ 'rowmeter.config.ts': 'export default {}', 'a.rowmeter.ts': `export default { name: 'a', table: 'rowmeter_rows', setpu() {} };` })), 'a.rowmeter.ts: setpu is not an option — did you mean setup?');
    await usage(discover(projectWith({ 'rowmeter.config.ts': 'export default {}', 'a.rowmeter.ts': `export default { name: 'a', table: 'rowmeter_rows' };` })), 'a.rowmeter.ts: setup is required');
  });

  it('removes its bundles when disposed', async () => {
    const own = new ModuleCache();
    const folder = projectWith({ 'rowmeter.config.ts': 'export default {}', 'a.rowmeter.ts': scenario('a') });
    const loaded = await loadConfig(folder, own);
    const [cell] = await discoverScenarios(loaded, own, 'rowmeter.config.ts', folder);
    assert.ok(existsSync(cell!.modulePath));
    own.dispose();
    assert.ok(!existsSync(cell!.modulePath));
  });
});

describe('params', () => {
  it('expands every combination, the last param fastest', () => {
    assert.deepEqual(expandParams({ a: [1, 2], b: ['x', 'y'] }), [
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    assert.deepEqual(expandParams({}), [{}]);
  });

  it('names a cell with its values', () => {
    assert.equal(cellId('s', { batchSize: 500, fast: true }), 's[batchSize=500,fast=true]');
    assert.equal(cellId('s', {}), 's');
  });
});

describe('mergeConfig', () => {
  const loaded: LoadedConfig = { file: '/p/rowmeter.config.ts', directory: '/p', config: { rows: [1000, '10k'], repeat: 5, out: 'results', databaseUrl: 'postgres://config/db' } };

  it('takes the config where no flag was typed, and resolves its paths from its folder', () => {
    const merged = mergeConfig({ rows: '50000', repeat: '3' }, (flag) => (flag === 'rows' || flag === 'repeat' ? 'default' : undefined), loaded.config, loaded.directory, 'rowmeter.config.ts');
    assert.deepEqual(merged, { rows: '1000,10k', repeat: '5', out: '/p/results', databaseUrl: 'postgres://config/db' });
  });

  it('lets a typed flag win, and the config win over DATABASE_URL', () => {
    const merged = mergeConfig({ rows: '20', databaseUrl: 'postgres://env/db' }, (flag) => (flag === 'rows' ? 'cli' : flag === 'databaseUrl' ? 'env' : undefined), loaded.config, loaded.directory, 'rowmeter.config.ts');
    assert.equal(merged.rows, '20');
    assert.equal(merged.databaseUrl, 'postgres://config/db');
  });

  it('checks each config value like its flag and names the file and key', () => {
    assert.throws(
      () => mergeConfig({}, () => undefined, { rows: ['ten'] }, '/p', 'rowmeter.config.ts'),
      (error: unknown) => error instanceof UsageError && error.message === 'rowmeter.config.ts: rows: expected --rows to be a row count such as 50000, 10k or 1M, got "ten"',
    );
    assert.throws(
      () => mergeConfig({}, () => undefined, { libraries: ['pgg'] }, '/p', 'rowmeter.config.ts'),
      (error: unknown) => error instanceof UsageError && /^rowmeter\.config\.ts: libraries: Unknown --libraries "pgg"/.test(error.message),
    );
  });
});
