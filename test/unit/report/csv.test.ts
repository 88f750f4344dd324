import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSV_COLUMNS, csvField, renderCsv } from '../../../harness/report/csv.js';
import { makeResults, makeRun } from '../../support/fixtures.js';
import { HOSTILE, sampleResults } from './sample-results.js';

/** A small RFC 4180 reader, enough to check the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  assert.equal(field, '', 'ends with a newline');
  return rows;
}

describe('renderCsv', () => {
  const results = sampleResults();
  const rows = parseCsv(renderCsv({ results }));
  const header = rows[0] ?? [];
  const column = (name: string) => header.indexOf(name);

  it('has the header and one row per run, every row as wide as the header', () => {
    assert.deepEqual(header, CSV_COLUMNS.map(([name]) => name));
    assert.equal(rows.length, results.runs.length + 1);
    for (const row of rows) assert.equal(row.length, header.length);
  });

  it('writes exact figures, and empty fields for missing ones', () => {
    for (const run of results.runs) {
      const row = rows.find((candidate) => candidate[column('scenario')] === run.scenarioId && candidate[column('repeat')] === String(run.repeat));
      assert.ok(row, `${run.scenarioId} #${run.repeat}`);
      assert.equal(row[column('status')], run.status);
      assert.equal(row[column('peak_rss_bytes')], run.peakRssBytes === null ? '' : String(run.peakRssBytes));
      assert.equal(row[column('wall_ms')], String(run.wallMs));
      assert.equal(row[column('work_ms')], run.workMs === null ? '' : String(run.workMs));
      assert.equal(row[column('rss_samples')], String(run.samples.length));
    }
  });

  it('quotes text with commas, quotes and line breaks, and keeps it intact', () => {
    const crashed = rows.find((row) => row[column('status')] === 'crashed');
    assert.equal(crashed?.[column('failure')], `TypeError: cannot read ${HOSTILE}`);
    const message = 'bad, "quoted"\nsecond line';
    const text = renderCsv({ results: makeResults([makeRun({ status: 'crashed', failure: { message } })]) });
    assert.ok(text.includes('"bad, ""quoted""\nsecond line"'));
    assert.equal(parseCsv(text)[1]?.[column('failure')], message);
  });
});

describe('csvField', () => {
  it('neutralises text a spreadsheet would run as a formula, but not numbers', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField(-5), '-5');
    assert.equal(csvField(null), '');
    assert.equal(csvField(Number.NaN), '');
  });
});
