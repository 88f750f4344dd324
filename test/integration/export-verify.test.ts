import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { to as copyTo } from 'pg-copy-streams';
import { withClient, type DatabaseCatalog } from '../../harness/run/database.js';
import { exportWorkload, verifyExport } from '../../harness/run/workloads/export.js';
import type { RunTarget } from '../../harness/run/workloads/index.js';
import { builtinContext, loadDefinitions } from '../support/builtin.js';
import { CREATE_TABLE_SQL } from '../../seed/generate.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { startTestServer } from '../support/server.js';

const ROWS = 1250;

let catalog: DatabaseCatalog;
let stop: () => Promise<void>;
let directory: string;
let files = 0;

before(async () => {
  const started = await startTestServer();
  catalog = started.catalog;
  stop = started.stop;
  directory = mkdtempSync(join(tmpdir(), 'rowmeter-export-verify-'));
});
after(async () => {
  rmSync(directory, { recursive: true, force: true });
  await stop();
});

function writeLinesFile(lines: string[], options: { finalNewline?: boolean } = {}): string {
  const path = join(directory, `file-${(files += 1)}.ndjson`);
  writeFileSync(path, lines.join('\n') + (lines.length > 0 && options.finalNewline !== false ? '\n' : ''));
  return path;
}

/** Connections to the database other than the one asking: a closed session must leave none. */
async function otherConnectionsTo(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return Number(result.rows[0]?.count);
  });
}

/** The table's documents, as jsonb prints them, in id order. Written by the test, not by a scenario. */
async function documentsOf(databaseUrl: string): Promise<Array<{ id: number; data: string }>> {
  return withClient(databaseUrl, async (client) => (await client.query<{ id: number; data: string }>('SELECT id, data::text AS data FROM rowmeter_rows ORDER BY id')).rows);
}

describe('export verification against a real table and real files', () => {
  let databaseUrl: string;
  /** The correct export, one line per row: {"id":…,"data":<jsonb text>}. */
  let lines: string[];

  before(async () => {
    const template = (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: 300 }, () => undefined)).name;
    databaseUrl = await catalog.create(`rowmeter_export_verify_${process.pid}`, template);
    lines = (await documentsOf(databaseUrl)).map((row) => `{"id":${row.id},"data":${row.data}}`);
    assert.equal(lines.length, ROWS);
  });

  const verify = (path: string) => verifyExport(databaseUrl, path, ROWS);
  /** The correct lines with `change` applied to a copy. */
  const variant = (change: (copy: string[]) => void): string[] => {
    const copy = [...lines];
    change(copy);
    return copy;
  };

  test('a correct file passes, in jsonb text form or re-stringified by JavaScript', async () => {
    assert.deepEqual(await verify(writeLinesFile(lines)), { checkedRows: ROWS, mismatches: 0 });
    const restringified = lines.map((line) => {
      const { id, data } = JSON.parse(line) as { id: number; data: unknown };
      return JSON.stringify({ id, data });
    });
    assert.notEqual(restringified[0], lines[0], 'a different text of the same document');
    assert.deepEqual(await verify(writeLinesFile(restringified)), { checkedRows: ROWS, mismatches: 0 });
  });

  test('a missing line fails: the lines after it still match', async () => {
    assert.deepEqual(await verify(writeLinesFile(variant((copy) => copy.splice(16, 1)))), {
      checkedRows: ROWS - 1,
      mismatches: 1,
      detail: 'line 17: id 17 expected, got 18',
    });
  });

  test('missing lines at the end fail', async () => {
    assert.deepEqual(await verify(writeLinesFile(lines.slice(0, ROWS - 3))), {
      checkedRows: ROWS - 3,
      mismatches: 3,
      detail: `missing 3 lines at the end (ids ${ROWS - 2}..${ROWS})`,
    });
  });

  test('a duplicated line fails', async () => {
    assert.deepEqual(await verify(writeLinesFile(variant((copy) => copy.splice(5, 0, copy[4]!)))), {
      checkedRows: ROWS + 1,
      mismatches: 1,
      detail: 'line 6: id 5 repeated',
    });
  });

  test('ids out of order fail: two lines swapped are two mismatches', async () => {
    const swapped = variant((copy) => copy.splice(16, 2, copy[17]!, copy[16]!));
    assert.deepEqual(await verify(writeLinesFile(swapped)), { checkedRows: ROWS, mismatches: 2, detail: 'line 17: id 17 expected, got 18' });
    const late = variant((copy) => copy.splice(ROWS - 1, 0, copy.splice(2, 1)[0]!));
    assert.deepEqual(await verify(writeLinesFile(late)), { checkedRows: ROWS, mismatches: 2, detail: 'line 3: id 3 expected, got 4' }, 'id 3 moved near the end');
  });

  test('a changed document fails', async () => {
    const changed = variant((copy) => {
      const { id, data } = JSON.parse(copy[41]!) as { id: number; data: { meta: { version: number } } };
      data.meta.version += 1;
      copy[41] = JSON.stringify({ id, data });
    });
    assert.deepEqual(await verify(writeLinesFile(changed)), { checkedRows: ROWS, mismatches: 1, detail: 'line 42: document of id 42 differs' });
    const extraKey = variant((copy) => (copy[99] = copy[99]!.replace('{"id":100,"data":{', '{"id":100,"data":{"extra": 1, ')));
    assert.deepEqual(await verify(writeLinesFile(extraKey)), { checkedRows: ROWS, mismatches: 1, detail: 'line 100: document of id 100 differs' });
  });

  test('an extra line fails, at the end or in the middle', async () => {
    assert.deepEqual(await verify(writeLinesFile([...lines, `{"id":${ROWS + 1},"data":{}}`])), {
      checkedRows: ROWS + 1,
      mismatches: 1,
      detail: `line ${ROWS + 1}: id ${ROWS + 1} is not in the table (ids 1..${ROWS})`,
    });
    assert.deepEqual(await verify(writeLinesFile([...lines, lines[ROWS - 1]!])), { checkedRows: ROWS + 1, mismatches: 1, detail: `line ${ROWS + 1}: id ${ROWS} repeated` });
    assert.deepEqual(await verify(writeLinesFile(variant((copy) => copy.splice(9, 0, 'not json')))), { checkedRows: ROWS + 1, mismatches: 1, detail: 'line 10: not JSON' });
    assert.deepEqual(await verify(writeLinesFile(variant((copy) => copy.splice(9, 0, '')))), { checkedRows: ROWS + 1, mismatches: 1, detail: 'line 10: empty line' });
  });

  test('a corrupted line is one mismatch: it stands in for the id it lost', async () => {
    const rewritten = variant((copy) => (copy[4] = copy[4]!.replace('{"id":5,', '{"id":99999,')));
    assert.deepEqual(await verify(writeLinesFile(rewritten)), { checkedRows: ROWS, mismatches: 1, detail: `line 5: id 99999 is not in the table (ids 1..${ROWS})` });
    const garbled = variant((copy) => (copy[4] = copy[4]!.slice(0, 30)));
    assert.deepEqual(await verify(writeLinesFile(garbled)), { checkedRows: ROWS, mismatches: 1, detail: 'line 5: not JSON' });
    const twoGarbledOneMissing = variant((copy) => copy.splice(4, 3, 'x', 'y'));
    assert.deepEqual(await verify(writeLinesFile(twoGarbledOneMissing)), { checkedRows: ROWS - 1, mismatches: 3, detail: 'line 5: not JSON' });
  });

  test('a file cut short of its last newline fails', async () => {
    assert.deepEqual(await verify(writeLinesFile(lines, { finalNewline: false })), { checkedRows: ROWS, mismatches: 1, detail: `line ${ROWS}: no newline at the end of the file` });
    const truncated = [...lines.slice(0, ROWS - 1), lines[ROWS - 1]!.slice(0, 40)];
    assert.deepEqual(await verify(writeLinesFile(truncated, { finalNewline: false })), { checkedRows: ROWS, mismatches: 1, detail: `line ${ROWS}: not JSON` });
  });

  test('a missing or empty file fails with every line missing', async () => {
    const nowhere = join(directory, 'never-written.ndjson');
    assert.deepEqual(await verify(nowhere), { checkedRows: 0, mismatches: ROWS, detail: `no export file at ${nowhere}` });
    assert.deepEqual(await verify(writeLinesFile([])), { checkedRows: 0, mismatches: ROWS, detail: `missing ${ROWS} lines at the end (ids 1..${ROWS})` });
  });

  test('a table that does not hold ids 1..N is an error, not a verdict on the file', async () => {
    const name = `rowmeter_export_verify_gap_${process.pid}`;
    const gapUrl = await catalog.create(name, (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: 300 }, () => undefined)).name);
    try {
      await withClient(gapUrl, (client) => client.query('DELETE FROM rowmeter_rows WHERE id = 5'));
      await assert.rejects(verifyExport(gapUrl, writeLinesFile(lines), ROWS), /rowmeter_rows does not hold ids 1\.\.1250 in order: row 5 has id 6/);
      await assert.rejects(verifyExport(gapUrl, writeLinesFile(lines), ROWS - 1), /row 5 has id 6/);
    } finally {
      await catalog.drop(name);
    }
  });

  test('prepare removes a leftover at the run\'s path, cleanup removes the file and tolerates its absence', async () => {
    const target: RunTarget = { databaseUrl, tableRows: ROWS, payloadBytes: 300, outputPath: writeLinesFile(['left over']) };
    await exportWorkload.prepare(target);
    assert.equal(existsSync(target.outputPath), false);
    writeFileSync(target.outputPath, lines.join('\n') + '\n');
    assert.deepEqual(await exportWorkload.verify(target), { checkedRows: ROWS, mismatches: 0 });
    await exportWorkload.cleanup(target);
    assert.equal(existsSync(target.outputPath), false);
    await exportWorkload.cleanup(target);
  });
});

/**
 * Documents that stress every escaping rule on the way out: backslashes, quotes, newlines and
 * control characters inside strings (U+0001 and U+0002 are the copy strategy's CSV quote and
 * delimiter), non-ASCII text, U+2028, integer-like keys (JavaScript puts them first), an own
 * `__proto__` key, an empty key, big and small numbers. Inserted as JSON text so JavaScript
 * object semantics never touch them before the database does.
 */
const HARD_DOCUMENTS = [
  String.raw`{"path": "C:\\dir\\file", "quote": "say \"hi\"", "both": "\\\"", "dot": "\\."}`,
  String.raw`{"lines": "one\ntwo\r\nthree", "tab": "a\tb", "control": "\u0001\u0002\u001f", "csv": "a,b;\"c\"\u0002d"}`,
  String.raw`{"text": "é ü 日本 🎉", "separators": "\u2028\u2029", "escaped": "\\u00e9 is not é"}`,
  String.raw`{"b": "a/b\\c", "10": "integer-like key", "2": "comes first in JavaScript", "a": [{}, [], null, true, false, 0, -1.5, 1e300, 12345678901234]}`,
  String.raw`{"__proto__": {"polluted": "no"}, "key \"with\" quotes\\": "v", "": "empty key", "nested": {"deeper": {"deepest": "\\\\"}}}`,
];

describe('every export cell writes documents with hard characters exactly', () => {
  let databaseUrl: string;
  const name = `rowmeter_export_format_${process.pid}`;

  before(async () => {
    databaseUrl = await catalog.create(name);
    await withClient(databaseUrl, async (client) => {
      await client.query(CREATE_TABLE_SQL);
      for (const [index, document] of HARD_DOCUMENTS.entries()) await client.query('INSERT INTO rowmeter_rows (id, data) VALUES ($1, $2::jsonb)', [index + 1, document]);
    });
  });
  after(async () => {
    await catalog.drop(name);
  });

  test('the documents really contain what they should stress', async () => {
    const documents = await documentsOf(databaseUrl);
    assert.equal(documents.length, HARD_DOCUMENTS.length);
    const all = documents.map((row) => row.data).join('\n');
    for (const needle of ['\\\\', '\\"', '\\n', '\\r', '\\t', '\\u0001', '\\u0002', 'é', '🎉', '\u2028', '"__proto__"', '"10"']) assert.ok(all.includes(needle), `contains ${JSON.stringify(needle)}`);
  });

  test('copy and narrow write the exact bytes of {"id":…,"data":<jsonb text>}; every cell verifies', async () => {
    const expected = (await documentsOf(databaseUrl)).map((row) => `{"id":${row.id},"data":${row.data}}\n`).join('');
    const matrix = await loadDefinitions(['export']);
    const verified: string[] = [];
    for (const cell of matrix) {
      if (cell.definition.support === 'unsupported') continue;
      const outputPath = join(directory, `${cell.id.replaceAll('/', '-')}.ndjson`);
      let rows = 0;
      const session = await cell.definition.setup(
        builtinContext({
          databaseUrl,
          batchSize: 2,
          rows: HARD_DOCUMENTS.length,
          payloadBytes: 0,
          outputPath,
          pipelineDepth: 1,
          rowsProcessed: (count) => void (rows += count),
        }),
      );
      try {
        await session.run();
      } finally {
        await session.close?.();
      }
      assert.equal(await otherConnectionsTo(databaseUrl), 0, `${cell.id} closed every connection it opened`);
      assert.equal(rows, HARD_DOCUMENTS.length, `${cell.id} reported every row`);
      if (cell.cell.tags.strategy === 'copy' || cell.cell.tags.strategy === 'narrow') {
        assert.equal(readFileSync(outputPath, 'utf8'), expected, `${cell.id} wrote the server's text byte for byte`);
      }
      assert.deepEqual(await verifyExport(databaseUrl, outputPath, HARD_DOCUMENTS.length), { checkedRows: HARD_DOCUMENTS.length, mismatches: 0 }, cell.id);
      verified.push(cell.id);
    }
    const supported = matrix.filter((cell) => cell.definition.support !== 'unsupported').map((cell) => cell.id);
    assert.ok(supported.length > 0);
    assert.deepEqual(verified, supported);
  });

  test("COPY's text format would double every backslash: each document fails verification", async () => {
    const path = join(directory, 'copy-text-format.ndjson');
    await withClient(databaseUrl, async (client) => {
      const copy = client.query(copyTo(`COPY (SELECT '{"id":' || id || ',"data":' || data::text || '}' FROM rowmeter_rows ORDER BY id) TO STDOUT`));
      await pipeline(copy, createWriteStream(path));
    });
    const outcome = await verifyExport(databaseUrl, path, HARD_DOCUMENTS.length);
    assert.equal(outcome.mismatches, HARD_DOCUMENTS.length);
    assert.match(readFileSync(path, 'utf8'), /C:\\\\\\\\dir/, 'the two backslashes of the JSON text came out as four');
  });
});
