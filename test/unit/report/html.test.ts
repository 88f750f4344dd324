import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { guardScript, jsonForScript, renderHtml, type ChartPayload } from '../../../harness/report/html.js';
import type { VegaAssets } from '../../../harness/report/types.js';
import type { ReportView } from '../../../harness/report/view.js';
import { makeResults, makeRun } from '../../support/fixtures.js';
import { sampleComparison } from './sample-comparison.js';
import { HOSTILE, HOSTILE_SCRIPT, listedIds, sampleResults } from './sample-results.js';

/** Stand-ins for the vega builds; one holds a script end tag, as minified code might. */
const ASSETS: VegaAssets = {
  vega: 'window.vega = {}; var s = "</script><b>";',
  vegaLite: 'window.vegaLite = {}; // <!-- old-style comment',
  vegaEmbed: 'window.vegaEmbed = function () { return Promise.resolve(); };',
};

function payloadOf(html: string): ChartPayload {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match?.[1], 'the page has a data block');
  return JSON.parse(match[1]) as ChartPayload;
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] as string);
}

const comparison = sampleComparison();

describe('renderHtml', () => {
  const results = sampleResults();
  const html = renderHtml({ results }, ASSETS);

  it('escapes every hostile string from results', () => {
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(!html.includes(HOSTILE));
    assert.ok(!html.includes(HOSTILE_SCRIPT));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the hostile text is shown as text');
    for (const where of ['7.10.0&lt;img', 'Test CPU &lt;img', 'inside a transaction &lt;img', 'no cursor API &lt;img', 'cannot read &lt;img', 'A note with markup &lt;img']) {
      assert.ok(html.includes(where), `escaped: ${where}`);
    }
    assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(2)'), 'stderr tail escaped');
  });

  it('guards inlined scripts so the page has exactly its own script elements', () => {
    assert.equal(html.match(/<script\b/g)?.length, 5, 'data block + vega + vega-lite + vega-embed + page script');
    assert.equal(html.match(/<\/script>/g)?.length, 5);
    assert.ok(html.includes('var s = "<\\/script><b>"'));
    assert.ok(html.includes('<\\!-- old-style comment'));
  });

  it('allows only its own scripts and no requests, by a Content-Security-Policy with their hashes', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*;[^;]*script|script-src[^;]*unsafe-inline/);
    const scripts = inlineScripts(html);
    assert.equal(scripts.length, 4);
    for (const script of scripts) {
      const hash = createHash('sha256').update(script, 'utf8').digest('base64');
      assert.ok(csp.includes(`'sha256-${hash}'`), 'each inline script is allowed by its hash');
    }
  });

  it('loads nothing from outside the page', () => {
    assert.doesNotMatch(html, /\s(src|href)="(?!#)/, 'no src or href other than in-page anchors');
    assert.doesNotMatch(html, /url\(/);
    assert.doesNotMatch(html, /<link\b/);
  });

  it('has a section per view, a chart element per chart, and a table row per listed scenario', () => {
    for (const id of ['answer', 'summary', 'memory', 'memory-without-outliers', 'peaks', 'trade-off', 'progress', 'context']) {
      assert.ok(html.includes(`<section class="view" id="${id}"`), id);
    }
    const payload = payloadOf(html);
    assert.deepEqual(
      payload.charts.map((chart) => chart.element),
      ['chart-memory', 'chart-memory-without-outliers', 'chart-peaks', 'chart-trade-off', 'chart-progress'],
    );
    for (const chart of payload.charts) assert.ok(html.includes(`<div class="chart" id="${chart.element}"`));
    const rows = [...html.matchAll(/<tr[^>]* data-scenario="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual([...rows].sort(), [...listedIds()].sort());
  });

  it('makes failed runs stand out and says why cells are unsupported or emulated', () => {
    for (const id of ['backfill/knex/full-load', 'backfill/typeorm/iterator', 'backfill/prisma/paginator', 'backfill/pg/narrow']) {
      assert.match(html, new RegExp(`<tr class="has-failure[^"]*" data-scenario="${id}"`), id);
    }
    assert.match(html, /<tr data-scenario="backfill\/pg\/keyset"[^>]*>/, 'an all-ok row is not marked');
    for (const status of ['memory-exceeded', 'crashed', 'timed-out', 'verify-failed']) {
      assert.ok(html.includes(`<span class="status status-${status}"`), status);
    }
    assert.ok(html.includes('not supported: prisma has no streaming API'));
    // The table says "emulated" with a footnote mark; how it is emulated is in the footnote, not the cell.
    assert.match(html, /<span class="support support-emulated" title="raw DECLARE\/FETCH[^"]*">emulated<\/span><sup><a href="#emulated-1">1<\/a><\/sup>/);
    assert.match(html, /<li id="emulated-1" value="1"><strong>backfill\/[a-z]+\/server-cursor<\/strong>: raw DECLARE\/FETCH/);
    assert.ok(html.includes('≥ '), 'figures of an all-failed scenario are marked as lower bounds');
    assert.ok(html.includes('<h3>Failed runs</h3>'));
  });

  it('shows every option, seed figure, version and fairness note', () => {
    for (const key of Object.keys(results.context.options)) assert.ok(html.includes(`<dt>${key}</dt>`), key);
    for (const key of Object.keys(results.context.seeds[0] ?? {})) assert.ok(html.includes(`<dt>${key}</dt>`), key);
    for (const name of Object.keys(results.context.libraryVersions)) assert.ok(html.includes(`<dt>${name}</dt>`), name);
    assert.ok(html.includes('One counted query is one call of pg.Client.prototype.query.'));
    assert.ok(html.includes('typeorm fixes its stream batch at 100 rows'));
  });

  it('stores a dataset shared by two charts once, with every < escaped', () => {
    const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(match?.[1]);
    assert.ok(!match[1].includes('<'));
    const payload = payloadOf(html);
    const [memory, zoomed] = payload.charts;
    assert.ok(memory && zoomed);
    assert.equal(memory.datasets['memory'], zoomed.datasets['memory']);
    assert.equal('datasets' in memory.spec, false, 'specs travel without their datasets');
    const referenced = new Set(payload.charts.flatMap((chart) => Object.values(chart.datasets)));
    assert.deepEqual([...referenced].sort(), Object.keys(payload.datasets).sort());
  });

  it('is a pure function of its input', () => {
    assert.equal(renderHtml({ results }, ASSETS), html);
  });
});

describe('renderHtml with a comparison and extra views', () => {
  const extra: ReportView[] = [
    {
      id: 'history trend!',
      title: `Trend ${HOSTILE}`,
      description: 'Peak RSS over the last benchmarks.',
      content: { kind: 'chart', spec: { data: { values: [{ x: 1, label: HOSTILE_SCRIPT }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } } },
    },
    { id: 'notes', title: 'Notes', description: 'As-is HTML.', content: { kind: 'html', html: '<p class="given">given <em>markup</em></p>' } },
  ];
  const html = renderHtml({ results: makeResults([makeRun()]), comparison, extraViews: extra }, ASSETS);

  it('leads with the answer, then the comparison, worst verdict first, regressions marked', () => {
    assert.ok(html.indexOf('id="answer"') < html.indexOf('id="comparison"'));
    assert.ok(html.indexOf('id="comparison"') < html.indexOf('id="summary"'));
    const rows = [...html.matchAll(/<tr class="(verdict-[^"]+)" data-scenario="([^"]+)"/g)].map((match) => [match[1], match[2]]);
    assert.deepEqual(rows, [
      ['verdict-regressed', 'backfill/pg/iterator'],
      ['verdict-unchanged', 'backfill/pg/keyset'],
    ]);
    assert.ok(html.includes('<p class="regression-count">1 regression</p>'));
    assert.ok(html.includes('100.0 MiB → 134.0 MiB (+34.0 %)'));
    assert.ok(html.includes('Thresholds: peak RSS +10 %, wall time +25 %'));
    assert.ok(!html.includes('<img'));
  });

  it('says when the two sides cannot be compared at all', () => {
    const mismatched = { ...comparison, settingsMismatch: `rows differ: 1000 vs 2000 ${HOSTILE}` };
    const page = renderHtml({ results: makeResults([makeRun()]), comparison: mismatched }, ASSETS);
    assert.ok(page.includes('Not comparable: rows differ: 1000 vs 2000 &lt;img'));
  });

  it('appends extra views after the built-in ones: charts embedded, HTML as given, titles escaped, ids made safe', () => {
    assert.ok(html.indexOf('id="history-trend"') > html.indexOf('id="context"'));
    assert.ok(html.includes('<div class="chart" id="chart-history-trend"'));
    assert.ok(html.includes('<p class="given">given <em>markup</em></p>'));
    assert.ok(html.includes('<h2>Trend &lt;img src=x onerror=alert(1)&gt;</h2>'));
    const chart = payloadOf(html).charts.find((candidate) => candidate.element === 'chart-history-trend');
    assert.deepEqual((chart?.spec as { data?: unknown }).data, { values: [{ x: 1, label: HOSTILE_SCRIPT }] });
    assert.equal(html.match(/<\/script>/g)?.length, 5, 'a script end tag in chart data cannot end the data block');
  });
});

describe('script and JSON guards', () => {
  it('guardScript breaks every script end tag and comment opener, whatever the case', () => {
    assert.equal(guardScript('a</script>b</SCRIPT >c<!--d'), 'a<\\/script>b<\\/SCRIPT >c<\\!--d');
  });

  it('jsonForScript round-trips and holds no <', () => {
    const value = { text: `</script>${HOSTILE}<!--`, line: 'a\u2028b' };
    const json = jsonForScript(value);
    assert.ok(!json.includes('<'));
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('renderHtml: the context of a benchmark', () => {
  it('says the per-run overhead, whether idle CPUs were kept awake, the adaptive rule, and the merged shards', () => {
    const results = makeResults([makeRun({ wallMs: 900, overheadMs: 100 }), makeRun({ repeat: 2, wallMs: 700, overheadMs: 300 })]);
    results.context.lowLatency = { held: true, detail: '/dev/cpu_dma_latency held at 0 µs' };
    results.context.options.adaptiveRepeats = { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 };
    results.context.merged = {
      count: 2,
      shards: [1, 2].map((index) => ({ index, source: `s${index}`, hostname: `host-${index}`, os: results.context.os, cpu: results.context.cpu, totalMemoryBytes: 1, nodeVersion: 'v20', postgresVersion: '18', lowLatencyHeld: true, startedAt: 'a', finishedAt: 'b', runs: 1 })),
      differentMachines: true,
      incomplete: null,
    };
    const html = renderHtml({ results }, ASSETS);
    assert.ok(html.includes('<dt>Per-run overhead</dt><dd>median 200 ms per run (table copy, verification, drop): 20.0 % of the runs&#39; time</dd>'), 'overhead: (100 + 300) of (400 + 900 + 700) ms');
    assert.ok(html.includes('<dt>Idle CPUs</dt><dd>kept awake (/dev/cpu_dma_latency held at 0 µs)</dd>'));
    assert.ok(html.includes('<dt>adaptiveRepeats</dt><dd>2 runs, up to 3 while peaks differ by more than 3 % (and 1.0 MiB (1,048,576 bytes))</dd>'));
    assert.ok(html.includes('<dt>Shards</dt><dd>2 of 2 merged, on different machines</dd>'));
    assert.ok(html.includes('<dt>Shard 2</dt><dd>host-2:'));
  });
});
