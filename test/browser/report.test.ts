/**
 * The report as a person sees it: a generated page opened from disk in headless Chromium.
 * No console errors, no request beyond the file itself, every chart drawn, every scenario in
 * the table, tooltips working, hostile strings inert; a screenshot is kept in test-artifacts/.
 * Fails when Chromium is missing, unless ROWMETER_SKIP_BROWSER=1.
 */
import assert from 'node:assert/strict';
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { writeReports } from '../../harness/report/index.js';
import { launchChromium, reportUrl, screenshotReport, waitForReport } from '../../harness/report/screenshot.js';
import type { ReportView } from '../../harness/report/view.js';
import { sampleComparison } from '../unit/report/sample-comparison.js';
import { HOSTILE, HOSTILE_SCRIPT, listedIds, sampleResults } from '../unit/report/sample-results.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SKIP = process.env['ROWMETER_SKIP_BROWSER'] === '1';

/** A view another stage might contribute, carrying hostile text in its chart data. */
const EXTRA_VIEWS: ReportView[] = [
  {
    id: 'extra-trend',
    title: 'History: peak RSS',
    description: 'A contributed chart.',
    content: {
      kind: 'chart',
      spec: {
        data: { values: [1, 2, 3].map((night) => ({ night, mib: 80 + night, scenario: night === 2 ? HOSTILE_SCRIPT : HOSTILE })) },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: { x: { field: 'night', type: 'quantitative' }, y: { field: 'mib', type: 'quantitative' }, detail: { field: 'scenario' } },
      },
    },
  },
];

interface PageRecord {
  consoleErrors: string[];
  consoleWarnings: string[];
  requests: string[];
  dialogs: string[];
}

describe('report.html in headless Chromium', { skip: SKIP ? 'ROWMETER_SKIP_BROWSER=1' : false }, () => {
  let browser: Browser;
  let page: Page;
  let htmlPath: string;
  const record: PageRecord = { consoleErrors: [], consoleWarnings: [], requests: [], dialogs: [] };

  before(async () => {
    const outDir = join(ARTIFACTS, 'report');
    await rm(outDir, { recursive: true, force: true });
    const results = sampleResults({ samplesPerRun: 3000 });
    const started = performance.now();
    [htmlPath = ''] = await writeReports(results, outDir, { comparison: sampleComparison(), extraViews: EXTRA_VIEWS });
    const renderMs = performance.now() - started;
    const samples = results.runs.reduce((sum, run) => sum + run.samples.length + run.heapSamples.length, 0);
    const { size } = await stat(htmlPath);
    console.log(`report.html: ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB) for ${results.runs.length} runs, ${samples} samples; rendered in ${Math.round(renderMs)} ms`);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') record.consoleErrors.push(message.text());
      if (message.type() === 'warning') record.consoleWarnings.push(message.text());
    });
    page.on('pageerror', (error) => record.consoleErrors.push(`uncaught: ${error.message}`));
    page.on('request', (request) => record.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      record.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const opened = performance.now();
    await page.goto(reportUrl(htmlPath));
    const state = await waitForReport(page);
    console.log(`Chromium drew the page in ${Math.round(performance.now() - opened)} ms (${state})`);
  });

  after(async () => {
    await browser?.close();
  });

  it('draws every chart, with no console error', async () => {
    assert.equal(await page.getAttribute('html', 'data-report'), 'rendered');
    assert.deepEqual(record.consoleErrors, []);
    if (record.consoleWarnings.length > 0) console.log(`console warnings: ${record.consoleWarnings.join(' | ')}`);
  });

  it('makes no request other than the file itself', () => {
    assert.deepEqual(record.requests, [reportUrl(htmlPath)]);
  });

  it('has a non-empty canvas or SVG in every chart', async () => {
    const charts = await page.$$eval('.chart', (elements) =>
      elements.map((element) => {
        const canvas = element.querySelector('canvas');
        let inked = 0;
        if (canvas && canvas.width > 0 && canvas.height > 0) {
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let index = 0; pixels && index < pixels.length; index += 4) {
            const alpha = pixels[index + 3] ?? 0;
            const white = (pixels[index] ?? 0) > 245 && (pixels[index + 1] ?? 0) > 245 && (pixels[index + 2] ?? 0) > 245;
            if (alpha > 0 && !white) inked++;
          }
        }
        const svgMarks = element.querySelectorAll('svg path, svg rect, svg line').length;
        return { id: element.id, rendered: element.getAttribute('data-rendered'), inked, svgMarks };
      }),
    );
    assert.deepEqual(
      charts.map((chart) => chart.id),
      ['chart-memory', 'chart-memory-without-outliers', 'chart-peaks', 'chart-trade-off', 'chart-progress', 'chart-extra-trend'],
    );
    for (const chart of charts) {
      assert.equal(chart.rendered, 'ok', chart.id);
      assert.ok(chart.inked > 1000 || chart.svgMarks > 0, `${chart.id} has drawn pixels (${chart.inked}) or SVG marks (${chart.svgMarks})`);
    }
  });

  it('lists every scenario in the summary table, failed ones marked, unsupported ones explained', async () => {
    const rows = await page.$$eval('table.summary tbody tr', (elements) =>
      elements.map((element) => ({ id: element.getAttribute('data-scenario') ?? '', className: element.className, text: element.textContent ?? '' })),
    );
    assert.deepEqual(rows.map((row) => row.id).sort(), [...listedIds()].sort());
    assert.match(rows.find((row) => row.id === 'backfill/knex/full-load')?.className ?? '', /has-failure/);
    assert.match(rows.find((row) => row.id === 'backfill/prisma/iterator')?.text ?? '', /not supported: prisma has no streaming API/);
    const visible = await page.locator('table.summary tr[data-scenario="backfill/knex/full-load"] .status-memory-exceeded').first().isVisible();
    assert.ok(visible);
  });

  it('shows hostile strings as text and never runs them', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(record.dialogs, []);
    const text = (await page.textContent('#context')) ?? '';
    assert.ok(text.includes(`7.10.0${HOSTILE}`), 'the version string is shown literally');
  });

  it('shows a tooltip when the pointer is over a bar', async () => {
    await page.locator('#chart-peaks').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const box = await page.locator('#chart-peaks canvas').boundingBox();
    assert.ok(box);
    const tooltip = page.locator('#vg-tooltip-element');
    let shown = false;
    // The top bar is the longest: sweep across the first rows until a tooltip appears.
    for (let y = 10; y < 120 && !shown; y += 6) {
      await page.mouse.move(box.x + box.width * 0.3, box.y + y);
      shown = (await tooltip.count()) > 0 && (await tooltip.evaluate((element) => element.classList.contains('visible')));
    }
    assert.ok(shown, 'a tooltip appeared');
    assert.match((await tooltip.textContent()) ?? '', /median MiB/);
    await page.mouse.move(0, 0);
  });

  it('saves a screenshot', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const pngPath = join(ARTIFACTS, 'report.png');
    await rm(pngPath, { force: true });
    await screenshotReport(htmlPath, pngPath);
    const { size } = await stat(pngPath);
    assert.ok(size > 50_000, `screenshot has ${size} bytes`);
    console.log(`screenshot: ${pngPath}`);
  });
});
