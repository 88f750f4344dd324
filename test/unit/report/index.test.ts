import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { loadVegaAssets, renderReportFromFile, writeReports } from '../../../harness/report/index.js';
import { writeResults } from '../../../harness/store/store.js';
import { sampleResults } from './sample-results.js';

describe('writeReports', () => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('writes report.html, summary.md and runs.csv, creating the folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rowmeter-report-'));
    folders.push(root);
    const outDir = join(root, 'nested', 'report');
    const written = await writeReports(sampleResults(), outDir);
    assert.deepEqual(written, ['report.html', 'summary.md', 'runs.csv'].map((name) => join(outDir, name)));
    for (const path of written) assert.ok((await stat(path)).size > 0, path);
    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    const assets = await loadVegaAssets();
    assert.ok(html.length > assets.vega.length + assets.vegaLite.length + assets.vegaEmbed.length, 'the vega builds are inlined');
    assert.equal(html.match(/<script\b/g)?.length, 5);
  });

  it('re-renders from a saved results.json, next to it by default', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rowmeter-report-'));
    folders.push(root);
    const resultsPath = join(root, 'results.json');
    await writeResults(resultsPath, sampleResults());
    const written = await renderReportFromFile(resultsPath);
    assert.deepEqual(written, ['report.html', 'summary.md', 'runs.csv'].map((name) => join(root, name)));
    const elsewhere = await renderReportFromFile(resultsPath, join(root, 'other'));
    assert.equal(elsewhere[0], join(root, 'other', 'report.html'));
    await assert.rejects(renderReportFromFile(join(root, 'missing.json')), UsageError);
  });
});

describe('loadVegaAssets', () => {
  it('finds the minified browser builds of the installed packages', async () => {
    const assets = await loadVegaAssets();
    assert.match(assets.vega.slice(0, 400), /\.vega=\{\}|vega/);
    assert.ok(assets.vegaLite.includes('vegaLite'));
    assert.ok(assets.vegaEmbed.includes('vegaEmbed'));
  });
});
