#!/usr/bin/env node
// How often the paired rule of --versions / --against cries wolf, and how often it catches a real
// regression (docs/compare.md#accuracy). A git repository made here holds a user scenario that
// hashes rows (CPU) and keeps some of them (memory); its revisions are:
//   same   — identical to main (A/A: any regression reported is a false alarm)
//   slower — 30 % more hashing per row (a real +30 % wall time)
//   bigger — keeps 10 % more of the peak memory's growth (a real +10 % peak RSS, see below)
// Each comparison is one `rowmeter bench --against main` (3 interleaved rounds, or --auto with
// its defaults when --auto is given), judged by its exit code and the regression lines.
//
// Usage: npm run --silent build && node scripts/versions-accuracy.mjs [comparisons=30] [--auto]
//   Uses DATABASE_URL when set (recommended: one server for every comparison).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 30);
const auto = process.argv.includes('--auto');
const cli = fileURLToPath(new URL('../dist/harness/cli/main.js', import.meta.url));
const repository = mkdtempSync(join(tmpdir(), 'rowmeter-accuracy-'));
const git = (...args) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repository, encoding: 'utf8' });

/** The job: `work` hash rounds per row over 20,000 rows; keeps `keep` bytes per row until the end. */
const job = (work, keep) => `import { createHash } from 'node:crypto';
export default {
  name: 'job',
  table: 'rowmeter_rows',
  async setup(ctx) {
    return {
      async run() {
        const kept = [];
        for (let row = 0; row < 20000; row += 1) {
          let digest = String(row);
          for (let round = 0; round < ${work}; round += 1) digest = createHash('sha256').update(digest).digest('hex');
          kept.push(Buffer.alloc(${keep}, row % 256));
          ctx.rowsProcessed(1);
        }
        globalThis.kept = kept.length;
      },
    };
  },
};
`;
// Baseline peak RSS of such a child is ~60 MiB plus what it keeps: 20,000 × 3,000 B = 57 MiB kept.
// +10 % of the whole peak (~117 MiB) is ~12 MiB: 20,000 × 600 B more.
const BASE = { work: 20, keep: 3000 };
const VARIANTS = { same: BASE, slower: { work: 26, keep: 3000 }, bigger: { work: 20, keep: 3600 } };

writeFileSync(join(repository, 'rowmeter.config.mjs'), 'export default { rows: 100 };\n');
writeFileSync(join(repository, 'job.rowmeter.mjs'), job(BASE.work, BASE.keep));
git('init', '--quiet', '--initial-branch', 'main');
git('add', '.');
git('commit', '--quiet', '-m', 'base');

const results = {};
try {
  for (const [name, variant] of Object.entries(VARIANTS)) {
    git('checkout', '--quiet', '-B', name, 'main');
    writeFileSync(join(repository, 'job.rowmeter.mjs'), job(variant.work, variant.keep));
    git('commit', '--quiet', '--allow-empty', '-am', name);
    const tally = { comparisons: 0, memory: 0, time: 0, any: 0, seconds: [] };
    for (let index = 0; index < count; index += 1) {
      const started = Date.now();
      const out = join(repository, 'out');
      const outcome = spawnSync(process.execPath, [cli, 'bench', '--against', 'main', ...(auto ? ['--auto'] : ['--repeat', '3']), '--out', out, '--overwrite'], { cwd: repository, encoding: 'utf8' });
      tally.seconds.push((Date.now() - started) / 1000);
      if (outcome.status !== 0 && outcome.status !== 1) throw new Error(`bench exited ${outcome.status}: ${outcome.stderr.slice(-500)}`);
      tally.comparisons += 1;
      const memory = /Regression: .*peak memory/.test(outcome.stderr);
      const time = /Regression: .*wall time/.test(outcome.stderr);
      tally.memory += memory ? 1 : 0;
      tally.time += time ? 1 : 0;
      tally.any += outcome.status === 1 ? 1 : 0;
      process.stderr.write(`${name} ${index + 1}/${count}: exit ${outcome.status}${memory ? ' memory' : ''}${time ? ' time' : ''} (${tally.seconds.at(-1).toFixed(0)} s)\n`);
    }
    results[name] = tally;
  }
} finally {
  git('checkout', '--quiet', 'main');
  rmSync(repository, { recursive: true, force: true });
}
for (const [name, tally] of Object.entries(results)) {
  const seconds = [...tally.seconds].sort((a, b) => a - b);
  console.log(`${name}: ${tally.comparisons} comparisons; flagged memory ${tally.memory}, time ${tally.time}, any ${tally.any}; median ${seconds[Math.floor(seconds.length / 2)].toFixed(0)} s per comparison`);
}
