import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { compareResults, DEFAULT_THRESHOLDS } from '../../../harness/compare/compare.js';
import { escapeMarkdown } from '../../../harness/format.js';
import { renderComparisonMarkdown, renderComparisonTable, summarizeComparison } from '../../../harness/compare/render.js';
import type { Comparison } from '../../../harness/compare/types.js';
import { resultsOf } from './helpers.js';
import { makeResults, makeRun } from '../../support/fixtures.js';

/** A fixed comparison: backfill/pg/server-cursor unchanged, pg/full-load regressed, knex/keyset new. */
function fixedComparison(): Comparison {
  const base = resultsOf({ peaksMiB: [100, 100, 100] }, { strategy: 'full-load', peaksMiB: [200, 200, 200], wallsMs: [1500, 1500, 1500] });
  const head = resultsOf(
    { peaksMiB: [100, 100, 100] },
    { strategy: 'full-load', peaksMiB: [300, 300, 300], wallsMs: [1500, 1500, 1500] },
    { library: 'knex', strategy: 'keyset', peaksMiB: [90, 90, 90] },
  );
  head.context.commit = 'def5678';
  head.context.startedAt = '2026-11-25T03:17:00.000Z';
  return compareResults(base, head, DEFAULT_THRESHOLDS, { base: 'baseline/results.json', head: 'reports/nightly/results.json' });
}

describe('renderComparisonMarkdown', () => {
  it('renders a fixed comparison exactly', () => {
    const expected = [
      '## rowmeter comparison',
      '',
      '**1 regression**: 1 regressed, 1 new, 1 unchanged of 3 scenarios.',
      '',
      '- Base: baseline/results.json (2026-11-24T12:00:00.000Z, commit abc1234)',
      '- Head: reports/nightly/results.json (2026-11-25T03:17:00.000Z, commit def5678)',
      '',
      '| Scenario | Verdict | Peak RSS base | Peak RSS head | Change | Wall base | Wall head | Change | Why |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      "| backfill/pg/full-load | 🔴 regressed | 200.0 MiB | 300.0 MiB | +50.0 % (+100.0 MiB) | 1.50 s | 1.50 s | +0.0 % (+0 ms) | peak RSS +50.0 % (+100.0 MiB) beyond 10 % and outside the repeats' spread; wall time +0.0 % (+0 ms) within 25 % |",
      '| backfill/knex/keyset | 🆕 new | – | – | – | – | – | – | only in head |',
      "| backfill/pg/server-cursor | unchanged | 100.0 MiB | 100.0 MiB | +0.0 % (+0 B) | 200 ms | 200 ms | +0.0 % (+0 ms) | peak RSS +0.0 % (+0 B) within 10 %; wall time +0.0 % (+0 ms) within 25 % |",
      '',
      "A scenario regresses when a median grows beyond its threshold (peak RSS 10 %, wall time 25 %) and the min–max ranges of the two sides' repeats do not overlap, or when a run newly fails. Medians are over ok runs only.",
      '',
    ].join('\n');
    assert.equal(renderComparisonMarkdown(fixedComparison()), expected);
  });

  it('says so when nothing regressed, and states a settings mismatch', () => {
    const head = resultsOf({ peaksMiB: [100] });
    head.context.options.payloadBytes = 4096;
    const markdown = renderComparisonMarkdown(compareResults(resultsOf({ peaksMiB: [100] }), head, DEFAULT_THRESHOLDS, { base: 'a', head: 'b' }));
    assert.match(markdown, /^No regression: 1 not comparable of 1 scenario\.$/m);
    assert.match(markdown, /^- Not comparable: payload differs \(1024 vs 4096 bytes\)$/m);
  });

  it('escapes what comes from files', () => {
    const comparison = compareResults(resultsOf({ peaksMiB: [1] }), resultsOf({ peaksMiB: [1] }), DEFAULT_THRESHOLDS, {
      base: 'a|b<script>*x*.json',
      head: 'h.json',
    });
    const markdown = renderComparisonMarkdown(comparison);
    assert.ok(!markdown.includes('<script>'));
    assert.ok(markdown.includes('a\\|b&lt;script&gt;\\*x\\*.json'));
  });

  it('keeps every table row to one line with the header’s column count', () => {
    const rows = renderComparisonMarkdown(fixedComparison())
      .split('\n')
      .filter((line) => line.startsWith('| '));
    assert.equal(rows.length, 2 + 3);
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 11, row);
  });
});

describe('escapeMarkdown', () => {
  it('flattens lines and neutralises markup', () => {
    assert.equal(escapeMarkdown('a\n b|c *d* <i> `e` [f](g) ~h~ _i_ & \\'), 'a b\\|c \\*d\\* &lt;i&gt; \\`e\\` \\[f\\](g) \\~h\\~ \\_i\\_ &amp; \\\\');
  });
});

describe('renderComparisonTable', () => {
  it('lists the worst verdicts first with values, changes and reasons, without colour codes', () => {
    const text = renderComparisonTable(fixedComparison());
    assert.ok(!text.includes('\u001b['), 'no ANSI escapes');
    const lines = text.split('\n');
    assert.equal(lines[0], 'base: baseline/results.json (2026-11-24T12:00:00.000Z, commit abc1234)');
    const rowOf = (id: string) => lines.findIndex((line) => line.includes(` ${id} `));
    assert.ok(rowOf('backfill/pg/full-load') > 0);
    assert.ok(rowOf('backfill/pg/full-load') < rowOf('backfill/knex/keyset'));
    assert.ok(rowOf('backfill/knex/keyset') < rowOf('backfill/pg/server-cursor'));
    const regressed = lines[rowOf('backfill/pg/full-load')] ?? '';
    for (const cell of ['regressed', '200.0 MiB', '300.0 MiB', '+50.0 % (+100.0 MiB)', '1.50 s']) assert.ok(regressed.includes(cell), `${cell} in ${regressed}`);
    assert.ok(lines.includes("backfill/pg/full-load: regressed: peak RSS +50.0 % (+100.0 MiB) beyond 10 % and outside the repeats' spread; wall time +0.0 % (+0 ms) within 25 %"));
    assert.ok(lines.includes('backfill/knex/keyset: new: only in head'));
    assert.ok(!lines.some((line) => line.startsWith('backfill/pg/server-cursor:')), 'unchanged scenarios need no explanation');
    assert.equal(lines.at(-1), "1 regressed, 1 new, 1 unchanged of 3 scenarios (thresholds: peak RSS 10 %, wall time 25 %, and outside the repeats' spread)");
  });

  it('renders an empty comparison', () => {
    const comparison = compareResults(resultsOf(), resultsOf(), DEFAULT_THRESHOLDS, { base: 'a', head: 'b' });
    assert.equal(summarizeComparison(comparison), 'no scenarios ran on either side');
    assert.match(renderComparisonTable(comparison), /no scenarios ran on either side/);
  });
});

test('an incomplete side (interrupted or still running) is called out', () => {
  const base = makeResults([makeRun()]);
  const head = makeResults([makeRun()]);
  head.context.finishedAt = null;
  const comparison = compareResults(base, head, DEFAULT_THRESHOLDS, { base: 'base.json', head: 'head.json' });
  assert.equal(comparison.head.complete, false);
  assert.match(renderComparisonTable(comparison), /head: head\.json \(.*INCOMPLETE: interrupted or still running/);
  assert.doesNotMatch(renderComparisonTable(comparison), /base: base\.json \(.*INCOMPLETE/);
});
