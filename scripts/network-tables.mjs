#!/usr/bin/env node
// Tables for docs/network.md from a benchmark run with --latency (and/or --batch-size) lists:
// per workload, one row per cell, the median wall time and peak RSS at each latency (or batch
// size), and per library which strategy is fastest at each latency when that changes.
//
// Usage: node scripts/network-tables.mjs <results.json> [--by batch]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const byBatch = process.argv.includes('--by') && process.argv[process.argv.indexOf('--by') + 1] === 'batch';
if (!file) {
  console.error('usage: node scripts/network-tables.mjs <results.json> [--by batch]');
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const median = (values) => {
  const sorted = values.filter((value) => value !== null && value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => (value === null ? '–' : value >= 10_000 ? `${(value / 1000).toFixed(0)} s` : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const mib = (value) => (value === null ? '–' : `${(value / 1048576).toFixed(0)} MiB`);

/** Each scenario: its base (id without conditions and batch size), its column key, and its medians. */
const cells = results.scenarios
  .filter((scenario) => scenario.selected && scenario.support !== 'unsupported')
  .map((scenario) => {
    const runs = results.runs.filter((run) => run.scenarioId === scenario.id);
    const ok = runs.filter((run) => run.status === 'ok');
    const base = (scenario.baseId ?? scenario.id).replace(/\[batchSize=\d+\]$/, '');
    const column = byBatch ? `batch ${scenario.params.batchSize}` : `${scenario.conditions?.latencyMs ?? 0} ms`;
    return {
      scenario,
      base,
      column,
      wall: median(ok.map((run) => run.wallMs)),
      peak: median(ok.map((run) => run.peakRssBytes)),
      failed: runs.length > 0 && ok.length === 0 ? runs[0].status : null,
    };
  });
const columns = [...new Set(cells.map((cell) => cell.column))].sort((a, b) => parseFloat(a.replace(/^batch /, '')) - parseFloat(b.replace(/^batch /, '')));
const rowsMeasured = [...new Set(results.runs.map((run) => run.tableRows))].join(', ');

for (const workload of [...new Set(cells.map((cell) => cell.scenario.workload))]) {
  const mine = cells.filter((cell) => cell.scenario.workload === workload);
  const bases = [...new Set(mine.map((cell) => cell.base))];
  console.log(`\n### ${workload}, ${rowsMeasured} rows: wall time / peak RSS\n`);
  console.log(`| cell | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const base of bases) {
    const row = columns.map((column) => {
      const cell = mine.find((entry) => entry.base === base && entry.column === column);
      if (!cell) return '';
      return cell.failed ? cell.failed : `${ms(cell.wall)} / ${mib(cell.peak)}`;
    });
    console.log(`| ${base} | ${row.join(' | ')} |`);
  }
  // Per library: the fastest strategy at each column, and where it changes.
  console.log('');
  for (const library of [...new Set(mine.map((cell) => cell.scenario.library))]) {
    const fastest = columns.map((column) => {
      const candidates = mine.filter((cell) => cell.scenario.library === library && cell.column === column && cell.wall !== null);
      candidates.sort((a, b) => a.wall - b.wall);
      return candidates.length > 0 ? `${candidates[0].scenario.strategy} (${ms(candidates[0].wall)})` : '–';
    });
    const order = columns.map((column) =>
      mine
        .filter((cell) => cell.scenario.library === library && cell.column === column && cell.wall !== null)
        .sort((a, b) => a.wall - b.wall)
        .map((cell) => cell.scenario.strategy)
        .join(' < '),
    );
    const changed = new Set(order).size > 1;
    console.log(`- ${library}: fastest ${columns.map((column, index) => `at ${column} ${fastest[index]}`).join(', ')}${changed ? `; order by time changes: ${columns.map((column, index) => `${column}: ${order[index]}`).join(' · ')}` : '; same order at every column'}`);
  }
}
