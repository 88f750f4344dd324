/**
 * The HTML report: one self-contained page that opens from disk with no network. vega,
 * vega-lite and vega-embed are inlined, chart data sits in one JSON block (each distinct
 * dataset once, however many charts use it), and a Content-Security-Policy with script
 * hashes lets only the page's own scripts run and forbids every request.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '../format.js';
import type { Exporter, ReportInput, VegaAssets } from './types.js';
import type { ReportView } from './view.js';
import { listedScenarios } from './summary.js';
import { buildViews } from './views.js';

export const HTML_FILE_NAME = 'report.html';

/** Makes JavaScript source safe inside `<script>`: no `</script` and no `<!--` can end or confuse the element. */
export function guardScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON for a `<script type="application/json">` block: every `<` escaped, so no markup can appear. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A view id fit for an element id (letters, digits and dashes), unique within the page. */
function elementIds(views: readonly ReportView[]): string[] {
  const used = new Set<string>();
  return views.map((view, index) => {
    let id = view.id.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || `view-${index + 1}`;
    if (used.has(id)) id = `${id}-${index + 1}`;
    used.add(id);
    return id;
  });
}

/** What the page script needs: each chart's spec (datasets removed) and the pool the datasets come from. */
export interface ChartPayload {
  charts: Array<{ element: string; spec: TopLevelSpec; datasets: Record<string, string> }>;
  datasets: Record<string, unknown>;
}

/**
 * Moves every chart's named datasets into one pool, each distinct dataset once, so a dataset
 * two charts share (memory over time, with and without outliers) is stored once in the page.
 */
export function poolDatasets(charts: ReadonlyArray<{ element: string; spec: TopLevelSpec }>): ChartPayload {
  const keys = new Map<string, string>();
  const payload: ChartPayload = { charts: [], datasets: {} };
  for (const { element, spec } of charts) {
    const { datasets, ...rest } = spec as TopLevelSpec & { datasets?: Record<string, unknown> };
    const references: Record<string, string> = {};
    for (const [name, values] of Object.entries(datasets ?? {})) {
      const text = JSON.stringify(values);
      let key = keys.get(text);
      if (key === undefined) {
        key = `d${keys.size}`;
        keys.set(text, key);
        payload.datasets[key] = values;
      }
      references[name] = key;
    }
    payload.charts.push({ element, spec: rest as TopLevelSpec, datasets: references });
  }
  return payload;
}

/**
 * Runs in the page: embeds every chart, then marks the document `data-report="rendered"` (or
 * `"failed"`, with the reason in the chart's box and on the console) so a test knows when to look.
 */
const PAGE_SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  function fail(message) { console.error(message); root.setAttribute('data-report', 'failed'); }
  var payload;
  try { payload = JSON.parse(document.getElementById('report-data').textContent); }
  catch (error) { fail('rowmeter report: chart data unreadable: ' + error); return; }
  if (typeof vegaEmbed !== 'function') { fail('rowmeter report: vega-embed did not load'); return; }
  var jobs = payload.charts.map(function (chart) {
    var element = document.getElementById(chart.element);
    var spec = chart.spec;
    var names = Object.keys(chart.datasets);
    if (names.length > 0) {
      spec.datasets = {};
      names.forEach(function (name) { spec.datasets[name] = structuredClone(payload.datasets[chart.datasets[name]]); });
    }
    return vegaEmbed(element, spec, {
      renderer: 'canvas',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: chart.element
    }).then(function () {
      element.setAttribute('data-rendered', 'ok');
    }, function (error) {
      element.setAttribute('data-rendered', 'failed');
      element.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : error);
      console.error('rowmeter report: chart ' + chart.element + ' failed:', error);
      throw error;
    });
  });
  Promise.allSettled(jobs).then(function (outcomes) {
    var failed = outcomes.filter(function (outcome) { return outcome.status === 'rejected'; }).length;
    root.setAttribute('data-report', failed > 0 ? 'failed' : 'rendered');
  });
})();`;

const STYLE = `
:root { color-scheme: light; --fg: #1d2125; --muted: #667; --line: #e3e6ea; --bad: #b3261e; --bad-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4d6; --good: #1b6e3a; --good-bg: #e6f4ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.lede { color: var(--muted); margin: 0 0 10px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; padding-bottom: 12px; font-size: 13px; }
nav a { color: #1a5fb4; text-decoration: none; }
section.view { padding: 22px 0 18px; border-bottom: 1px solid var(--line); }
.description { color: var(--muted); margin: 0 0 12px; max-width: 900px; }
.chart { min-height: 60px; overflow-x: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: #f6f7f9; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td small { display: block; color: var(--muted); font-size: 11px; }
.muted { color: var(--muted); }
.how { display: block; color: var(--muted); font-size: 12px; max-width: 320px; }
.support { font-size: 12px; padding: 0 5px; border-radius: 3px; }
.support-native { background: var(--good-bg); color: var(--good); }
.support-emulated { background: var(--warn-bg); color: var(--warn); }
tr.unsupported { color: var(--muted); background: #fafafa; }
td.not-supported { font-style: italic; }
tr.has-failure { background: var(--bad-bg); }
tr.has-failure > th:first-child { box-shadow: inset 4px 0 0 var(--bad); }
.status { display: inline-block; font-size: 11px; padding: 0 5px; margin: 1px 0; border-radius: 3px; background: var(--good-bg); color: var(--good); }
.status:not(.status-ok) { background: var(--bad); color: #fff; font-weight: 600; }
.status.status-unverified { background: var(--warn-bg); color: var(--warn); font-weight: 600; }
.failures li { margin: 4px 0; }
pre { background: #f6f7f9; padding: 8px; overflow-x: auto; font-size: 12px; max-height: 300px; }
.verdict { font-size: 12px; padding: 0 5px; border-radius: 3px; background: #eef0f3; }
tr.verdict-regressed { background: var(--bad-bg); }
.verdict.verdict-regressed { background: var(--bad); color: #fff; font-weight: 600; }
.verdict.verdict-improved { background: var(--good-bg); color: var(--good); }
.regression-count { color: var(--bad); font-weight: 600; }
.verdict.verdict-fits { background: var(--good-bg); color: var(--good); }
.verdict.verdict-exceeds { background: var(--bad); color: #fff; font-weight: 600; }
.verdict.verdict-unknown { background: var(--warn-bg); color: var(--warn); }
.answer-sentences { margin: 4px 0 12px; padding-left: 20px; }
.answer-sentences li { margin: 3px 0; }
.best { font-size: 11px; padding: 0 5px; border-radius: 3px; background: var(--good-bg); color: var(--good); font-weight: 600; }
.far { font-size: 11px; padding: 0 5px; border-radius: 3px; background: var(--warn-bg); color: var(--warn); }
.no-regression { color: var(--good); }
.context-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 0 28px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 13px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; }
footer { max-width: 1180px; margin: 0 auto; padding: 14px 24px 30px; color: var(--muted); font-size: 12px; }
`;

function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

function headline(input: ReportInput): string {
  const { context, runs } = input.results;
  const unsupported = listedScenarios(input.results).filter((scenario) => scenario.support === 'unsupported').length;
  const ran = new Set(runs.map((run) => run.scenarioId)).size;
  const failed = runs.filter((run) => run.status !== 'ok').length;
  const parts = [
    `${context.options.rows.toLocaleString('en-US')} rows`,
    `${runs.length} run${runs.length === 1 ? '' : 's'} of ${ran} scenario${ran === 1 ? '' : 's'}`,
    failed > 0 ? `${failed} failed` : 'all ok',
    unsupported > 0 ? `${unsupported} unsupported cell${unsupported === 1 ? '' : 's'}` : '',
    `started ${context.startedAt}`,
    context.commit ? `commit ${context.commit}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Renders the report page. Pure: the same input and assets give the same bytes. */
export function renderHtml(input: ReportInput, assets: VegaAssets): string {
  const views = [...buildViews(input.results, input.comparison), ...(input.extraViews ?? [])];
  const ids = elementIds(views);
  const charts: Array<{ element: string; spec: TopLevelSpec }> = [];
  const sections = views.map((view, index) => {
    const id = ids[index] as string;
    let body: string;
    if (view.content.kind === 'chart') {
      const element = `chart-${id}`;
      charts.push({ element, spec: view.content.spec });
      body = `<div class="chart" id="${element}" data-chart="${escapeHtml(id)}"></div>`;
    } else {
      body = view.content.html;
    }
    return (
      `<section class="view" id="${id}" data-view="${escapeHtml(view.content.kind)}">` +
      `<h2>${escapeHtml(view.title)}</h2><p class="description">${escapeHtml(view.description)}</p>\n${body}\n</section>`
    );
  });
  const nav = views.map((view, index) => `<a href="#${ids[index] as string}">${escapeHtml(view.title)}</a>`).join('');
  const scripts = [assets.vega, assets.vegaLite, assets.vegaEmbed, PAGE_SCRIPT].map(guardScript);
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(scriptHash).join(' ')} 'unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const { context } = input.results;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>rowmeter report · ${escapeHtml(context.startedAt)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>rowmeter report</h1><p class="lede">${escapeHtml(headline(input))}</p><nav>${nav}</nav></header>`,
    '<main>',
    sections.join('\n'),
    '</main>',
    `<footer>rowmeter ${escapeHtml(context.rowmeterVersion)} · charts drawn with vega-lite; use a chart's ⋯ menu to save it as SVG or PNG. The full series are in results.json; the charts show them thinned, peaks kept.</footer>`,
    '<noscript><p>The charts need JavaScript; the tables above do not.</p></noscript>',
    `<script type="application/json" id="report-data">${jsonForScript(poolDatasets(charts))}</script>`,
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The HTML exporter, bound to the vega builds it inlines. */
export function htmlExporter(assets: VegaAssets): Exporter {
  return { fileName: HTML_FILE_NAME, render: (input) => renderHtml(input, assets) };
}
