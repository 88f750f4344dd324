import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import {
  MAX_POINTS_PER_SERIES,
  MEMORY_DATASET,
  memoryRows,
  memorySpec,
  peakRows,
  peakSpec,
  pointsPerSeries,
  progressRows,
  progressSpec,
  runLabel,
  tradeOffRows,
  tradeOffSpec,
  growthRows,
  growthSpec,
  type MemoryRow,
} from '../../../harness/report/specs.js';
import { outlierScenarios, summarizeScenarios } from '../../../harness/report/summary.js';
import { buildViews } from '../../../harness/report/views.js';
import { makeResults, makeRun } from '../../support/fixtures.js';
import { FAILURES, sampleResults } from './sample-results.js';

const MiB = 1024 * 1024;

/** Compiles a spec with vega-lite, failing on any error or warning, and draws it to SVG with vega. */
async function renderToSvg(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = {
    level(): number {
      return 0;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(args.join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.join(' '));
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
  const compiled = compile(structuredClone(spec), { logger: logger as unknown as NonNullable<Parameters<typeof compile>[1]>['logger'] });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

function datasetOf(spec: TopLevelSpec, name: string): unknown[] {
  const datasets = (spec as { datasets?: Record<string, unknown[]> }).datasets;
  const values = datasets?.[name];
  assert.ok(Array.isArray(values), `spec has a dataset named ${name}`);
  return values;
}

describe('memory chart data', () => {
  const results = sampleResults();
  const summaries = summarizeScenarios(results);
  const outliers = outlierScenarios(summaries);
  const rows = memoryRows(results, outliers);

  it('has an RSS and a heap series for every run', () => {
    for (const run of results.runs) {
      const series = rows.filter((row) => row.kind === 'series' && row.run === runLabel(run));
      assert.deepEqual(series.map((row) => row.label).sort(), ['RSS', 'heap used'], runLabel(run));
    }
  });

  it('keeps each series peak and its first and last point', () => {
    for (const run of results.runs) {
      const rss = rows.find((row) => row.kind === 'series' && row.run === runLabel(run) && row.label === 'RSS') as MemoryRow;
      const peakMib = Math.max(...run.samples.map((sample) => sample.rssBytes)) / MiB;
      assert.ok(Math.abs(Math.max(...rss.mib) - peakMib) < 0.06, `${runLabel(run)} keeps its sampled peak`);
      assert.equal(rss.t[0], (run.samples[0]?.tMs ?? NaN) / 1000);
      assert.equal(rss.t.at(-1), (run.samples.at(-1)?.tMs ?? NaN) / 1000);
      assert.equal(rss.t.length, rss.mib.length);
    }
  });

  it('marks the first row and done, and where a failed run ended', () => {
    const ok = results.runs.find((run) => run.status === 'ok');
    assert.ok(ok);
    const okMarkers = rows.filter((row) => row.kind === 'marker' && row.run === runLabel(ok)).map((row) => row.label);
    assert.deepEqual(okMarkers, ['first row', 'done']);
    for (const key of Object.keys(FAILURES)) {
      const markers = rows.filter((row) => row.kind === 'marker' && row.run === key.replace('#', ' #')).map((row) => row.label);
      assert.ok(markers.includes(`ended: ${FAILURES[key]}`), `${key} has an end marker, got ${markers.join(', ')}`);
    }
  });

  it('flags the runs of outlier scenarios', () => {
    assert.ok(outliers.size > 0);
    for (const row of rows) assert.equal(row.outlier, outliers.has(row.scenario), row.run);
  });

  it('thins long series to the per-series budget', () => {
    const long = sampleResults({ samplesPerRun: 3000 });
    const thinRows = memoryRows(long, new Set());
    const limit = pointsPerSeries(long.runs.length * 2);
    assert.ok(limit < MAX_POINTS_PER_SERIES);
    for (const row of thinRows) assert.ok(row.t.length <= limit, `${row.run} ${row.label}: ${row.t.length} > ${limit}`);
    const longest = Math.max(...long.runs.map((run) => run.samples.length));
    assert.ok(longest > limit, 'the fixture really has series longer than the budget');
  });
});

describe('memory specs', () => {
  const results = sampleResults();
  const summaries = summarizeScenarios(results);
  const outliers = outlierScenarios(summaries);
  const rows = memoryRows(results, outliers);

  it('the full chart reads the memory dataset unfiltered; the zoomed one leaves the outliers out', () => {
    const full = memorySpec(results, rows) as { transform?: unknown[] };
    const zoomed = memorySpec(results, rows, { withoutOutliers: true }) as { transform?: unknown[] };
    assert.deepEqual(full.transform, [{ flatten: ['t', 'mib'] }]);
    assert.deepEqual(zoomed.transform, [{ filter: '!datum.outlier' }, { flatten: ['t', 'mib'] }]);
    assert.equal(datasetOf(full as TopLevelSpec, MEMORY_DATASET), rows);
    assert.equal(datasetOf(zoomed as TopLevelSpec, MEMORY_DATASET), rows, 'both charts share one dataset object');
  });

  it('the zoomed chart draws none of the full loads but every other run', async () => {
    const spec = memorySpec(results, rows, { withoutOutliers: true });
    const { svg } = await renderToSvg(spec);
    assert.ok(svg.includes('<path'), 'draws lines');
    const kept = rows.filter((row) => !row.outlier);
    const left = new Set(rows.filter((row) => row.outlier).map((row) => row.scenario));
    assert.deepEqual([...left].sort(), ['backfill/knex/full-load', 'backfill/pg/full-load', 'backfill/prisma/full-load', 'backfill/typeorm/full-load']);
    for (const run of results.runs) {
      const shown = kept.some((row) => row.run === runLabel(run));
      assert.equal(shown, !left.has(run.scenarioId), runLabel(run));
    }
  });
});

describe('peak and trade-off data', () => {
  const results = sampleResults();
  const summaries = summarizeScenarios(results);

  it('one kernel and one sampled bar per scenario with runs, none for unsupported cells', () => {
    const rows = peakRows(summaries);
    const ran = summaries.filter((summary) => summary.runs.length > 0);
    assert.equal(rows.filter((row) => row.measure === 'kernel peak').length, ran.length);
    assert.equal(rows.filter((row) => row.measure === 'sampled peak').length, ran.length);
    for (const row of rows) {
      assert.ok(row.minMib <= row.mib && row.mib <= row.maxMib, row.scenario);
      assert.ok(!row.scenario.startsWith('backfill/prisma/iterator'));
    }
  });

  it('marks as best trade-offs exactly the ok scenarios no other ok scenario beats on both axes', () => {
    const rows = tradeOffRows(summaries);
    assert.ok(rows.some((row) => row.pareto));
    for (const row of rows) {
      const beaten = rows.some(
        (other) =>
          other !== row &&
          other.ok &&
          other.wallSeconds <= row.wallSeconds &&
          other.peakMib <= row.peakMib &&
          (other.wallSeconds < row.wallSeconds || other.peakMib < row.peakMib),
      );
      assert.equal(row.pareto, row.ok && !beaten, row.scenario);
    }
    // Charts show one workload, so their scenario names leave it out.
    const failedOnly = rows.find((row) => row.scenario === 'knex/full-load');
    assert.equal(failedOnly?.ok, false);
    assert.equal(failedOnly?.pareto, false);
  });

  it('a single fast and small scenario is the whole front', () => {
    const fast = makeRun({ strategy: 'set-based', wallMs: 100, peakRssBytes: 60 * MiB });
    const slow = makeRun({ strategy: 'paginator', wallMs: 900, peakRssBytes: 90 * MiB });
    const rows = tradeOffRows(summarizeScenarios(makeResults([fast, slow])));
    assert.deepEqual(
      rows.map((row) => [row.scenario, row.pareto]),
      [
        ['pg/paginator', false],
        ['pg/set-based', true],
      ],
    );
  });
});

describe('progress data', () => {
  it('starts at zero rows at ready and ends at the run row count at done', () => {
    const results = sampleResults();
    const rows = progressRows(results, new Set());
    assert.equal(rows.length, results.runs.length);
    for (const run of results.runs.filter((candidate) => candidate.status === 'ok')) {
      const row = rows.find((candidate) => candidate.run === runLabel(run));
      assert.ok(row, runLabel(run));
      assert.equal(row.t[0], 0);
      assert.equal(row.rows[0], 0);
      assert.equal(row.rows.at(-1), run.rows);
      const done = run.events.find((event) => event.phase === 'done')?.tMs ?? NaN;
      const ready = run.events.find((event) => event.phase === 'ready')?.tMs ?? NaN;
      assert.equal(row.t.at(-1), Math.round(done - ready) / 1000);
    }
  });
});

describe('every built-in chart', () => {
  it('compiles without vega-lite warnings and draws a non-empty SVG', async () => {
    const results = sampleResults();
    const charts = buildViews(results).flatMap((view) => (view.content.kind === 'chart' ? [[view.id, view.content.spec] as const] : []));
    assert.deepEqual(
      charts.map(([id]) => id),
      ['memory', 'memory-without-outliers', 'peaks', 'trade-off', 'progress'],
    );
    for (const [id, spec] of charts) {
      const { svg, warnings } = await renderToSvg(spec);
      assert.deepEqual(warnings, [], `${id} compiles without warnings`);
      assert.ok(svg.length > 2000 && /<(path|rect)/.test(svg), `${id} draws marks`);
    }
  });

  it('also compiles for a single ok run with no memory limit', async () => {
    const results = makeResults([makeRun()]);
    for (const view of buildViews(results)) {
      if (view.content.kind !== 'chart') continue;
      const { warnings } = await renderToSvg(view.content.spec);
      assert.deepEqual(warnings, [], view.id);
    }
  });

  it('replaces the zoomed chart by a note when nothing stands out', () => {
    const results = makeResults([makeRun({ strategy: 'keyset' }), makeRun({ strategy: 'server-cursor' })]);
    const view = buildViews(results).find((candidate) => candidate.id === 'memory-without-outliers');
    assert.equal(view?.content.kind, 'html');
  });
});

describe('growth chart', () => {
  /** A sweep whose largest size is noisy enough that the projection's band reaches zero. */
  function noisySweep() {
    const runs = [10_000, 50_000, 200_000].flatMap((rows) =>
      [1, 2, 3].map((repeat) =>
        makeRun({
          strategy: 'pipelined',
          tableRows: rows,
          rows,
          repeat,
          peakRssBytes: rows === 200_000 ? [90, 130, 110][repeat - 1]! * MiB : rows === 50_000 ? 100 * MiB : 80 * MiB,
          wallMs: rows / 10,
        }),
      ),
    );
    const results = makeResults(runs);
    results.context.options.rows = [10_000, 50_000, 200_000];
    results.context.options.projectRows = 10_000_000;
    return results;
  }

  it('keeps a band that reaches zero positive, and starts the log axis at the figures, not at the band', async () => {
    const results = noisySweep();
    const rows = growthRows(results, 'peakRssBytes');
    const fits = rows.filter((row) => row.kind === 'fit');
    assert.ok(fits.length > 0);
    assert.ok(fits.every((row) => row.low > 0), 'no zero or negative on a log axis');
    assert.ok(fits.some((row) => row.low === 0.01), 'this sweep does reach the floor');
    const spec = growthSpec(results, 'peakRssBytes');
    const layer = (spec as { spec: { layer: Array<{ encoding?: { y?: { scale?: { domainMin?: number } } } }> } }).spec.layer;
    const domainMin = layer[1]?.encoding?.y?.scale?.domainMin;
    assert.equal(domainMin, 80 / 2, 'half the smallest figure: the 80 MiB at 10,000 rows');
    const { svg } = await renderToSvg(spec);
    assert.doesNotMatch(svg, /NaN|Infinity/, 'every mark has a position');
    assert.match(svg, /Y-axis titled 'peak RSS, MiB' for a log scale with values from 40 to/, 'the axis starts at the figures, not at the band\'s floor');
  });
});
