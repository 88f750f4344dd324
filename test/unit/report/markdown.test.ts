import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown } from '../../../harness/format.js';
import { renderMarkdown, statusSummary } from '../../../harness/report/markdown.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';
import { sampleComparison } from './sample-comparison.js';
import { listedIds, sampleResults } from './sample-results.js';

/** The data rows of the summary table (after its header and separator). */
function tableRows(markdown: string): string[][] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Scenario | Support |'));
  assert.ok(header >= 0, 'has the summary table');
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(/(?<!\\) \| /));
  }
  return rows;
}

describe('renderMarkdown', () => {
  const markdown = renderMarkdown({ results: sampleResults() });
  const rows = tableRows(markdown);

  it('has one row of twelve cells per listed scenario', () => {
    assert.deepEqual(rows.map((row) => row[0]?.replace(/\*\*/g, '')).sort(), [...listedIds()].sort());
    for (const row of rows) assert.equal(row.length, 12, row.join(' | '));
  });

  it('says why cells are unsupported and how emulated ones work', () => {
    const row = rows.find((candidate) => candidate[0] === 'backfill/prisma/iterator');
    assert.equal(row?.[1], 'not supported: prisma has no streaming API');
    assert.deepEqual(row?.slice(2), ['', '', '', '', '', '', '', '', '', '']);
    const emulated = rows.find((candidate) => candidate[0] === 'backfill/knex/server-cursor');
    // The cell says emulated with a footnote number; the footnote under the table says how.
    assert.equal(emulated?.[1], 'emulated \\[1\\]');
    assert.match(markdown, /^1\. backfill\/knex\/server-cursor: raw DECLARE\/FETCH/m);
  });

  it('makes failed runs stand out', () => {
    const failed = rows.find((candidate) => candidate[0] === '**backfill/knex/full-load**');
    assert.ok(failed, 'scenario name in bold');
    assert.equal(failed[11], '❌ 3 memory-exceeded');
    assert.match(failed[2] ?? '', /^≥ /);
    const mixed = rows.find((candidate) => candidate[0] === '**backfill/typeorm/iterator**');
    assert.equal(mixed?.[11], '❌ 1 crashed, 2 ok');
    assert.equal(rows.find((candidate) => candidate[0] === 'backfill/pg/keyset')?.[11], '3 ok');
    assert.match(markdown, /^- backfill\/typeorm\/iterator #2: \*\*crashed\*\* — TypeError/m);
  });

  it('escapes markup and table syntax from results', () => {
    assert.ok(!markdown.includes('<img'));
    assert.ok(markdown.includes('&lt;img src=x onerror=alert(1)&gt;'));
    const results = makeResults([makeRun({ strategy: 'keyset' })], {
      scenarios: [makeScenario('pg', 'keyset', { support: 'emulated', how: 'a | b `c` *d* [e](f)\nnext line' })],
    });
    const row = tableRows(renderMarkdown({ results }))[0];
    assert.equal(row?.length, 12, 'a | in a string does not add a cell');
    assert.equal(row?.[1], 'emulated \\[1\\]');
    assert.ok(renderMarkdown({ results }).includes('1. backfill/pg/keyset: a \\| b \\`c\\` \\*d\\* \\[e\\](f) next line'));
  });

  it('leads with the answer, then the comparison when given one', () => {
    const text = renderMarkdown({ results: sampleResults(), comparison: sampleComparison() });
    assert.match(text, /^## The answer at [\d,]+ rows\n/);
    assert.ok(text.indexOf('## The answer') < text.indexOf('## rowmeter comparison'));
    assert.ok(text.indexOf('**1 regression**') < text.indexOf('| Scenario | Support |'));
    assert.match(text, /^\| backfill\/pg\/iterator \| 🔴 regressed \|/m);
    assert.ok(!text.includes('<img'));
  });
});

describe('statusSummary', () => {
  it('counts statuses, failures first', () => {
    assert.equal(statusSummary([makeRun(), makeRun({ status: 'crashed' }), makeRun()]), '❌ 1 crashed, 2 ok');
    assert.equal(statusSummary([]), 'not run');
  });
});

describe('escapeMarkdown', () => {
  it('escapes HTML and Markdown syntax and flattens lines', () => {
    assert.equal(escapeMarkdown('<b>|x|</b>\r\n_y_'), '&lt;b&gt;\\|x\\|&lt;/b&gt; \\_y\\_');
  });
});

describe('renderMarkdown: adaptive repeats', () => {
  const rule = { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 };
  const withRepeats = (decisions: NonNullable<ReturnType<typeof makeResults>['repeats']>, adaptive = true) => {
    const results = makeResults([makeRun({ strategy: 'keyset' }), makeRun({ strategy: 'narrow' })]);
    results.context.options.adaptiveRepeats = adaptive ? rule : null;
    results.repeats = decisions;
    return renderMarkdown({ results });
  };

  it('names the cells that ran again, with why', () => {
    const markdown = withRepeats([
      { scenarioId: 'backfill/pg/keyset', tableRows: 1000, runs: 3, policy: 'adaptive', reason: 'peak RSS 6.8 % apart (noise floor 3 %); stopped at the most, 3' },
      { scenarioId: 'backfill/pg/narrow', tableRows: 1000, runs: 2, policy: 'adaptive', reason: 'peak RSS of the 2 runs within 0.4 % (noise floor 3 %)' },
    ]);
    assert.match(markdown, /^Adaptive repeats: 1 of 2 cells ran again because their first 2 runs disagreed: backfill\/pg\/keyset \(peak RSS 6\.8 % apart \(noise floor 3 %\); stopped at the most, 3\)\.$/m);
    assert.match(markdown, /2–3 repeats \(adaptive: another run while peaks differ by more than 3 %\)/);
  });

  it('says when every cell agreed, and nothing with exact repeats', () => {
    assert.match(withRepeats([{ scenarioId: 'backfill/pg/keyset', tableRows: 1000, runs: 2, policy: 'adaptive', reason: 'agreed' }]), /^Adaptive repeats: every cell's first 2 runs agreed within the noise floor \(3 %\)\.$/m);
    assert.doesNotMatch(withRepeats([], false), /Adaptive repeats/);
  });
});
