import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, parseExportLine, splitLines, type FileLine } from '../../../../harness/run/workloads/export.js';

async function linesOf(chunks: string[] | Buffer[]): Promise<Array<{ text: string; terminated: boolean }>> {
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
  const lines: FileLine[] = [];
  for await (const line of splitLines(source())) lines.push(line);
  return lines.map((line) => ({ text: line.bytes.toString('utf8'), terminated: line.terminated }));
}

test('canonicalJson sorts keys at every depth, keeps array order, drops spacing', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 0, y: null }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":null,"z":0}]},"b":1}');
  assert.equal(canonicalJson(JSON.parse('{"n": [1, 2.5, -3e20], "10": true, "2": false}')), '{"10":true,"2":false,"n":[1,2.5,-300000000000000000000]}');
  assert.equal(canonicalJson('say "hi"\\\n'), '"say \\"hi\\"\\\\\\n"');
  assert.equal(canonicalJson([]), '[]');
  assert.equal(canonicalJson({}), '{}');
});

test('canonicalJson gives jsonb text and JavaScript JSON of the same document the same form', () => {
  const jsonbText = '{"a": "x", "tags": ["t1", "t2"], "customer": {"tier": 2, "name": "c"}, "__proto__": {"k": 1}}';
  const javascriptText = '{"customer":{"name":"c","tier":2},"tags":["t1","t2"],"a":"x","__proto__":{"k":1}}';
  assert.equal(canonicalJson(JSON.parse(jsonbText)), canonicalJson(JSON.parse(javascriptText)));
  assert.notEqual(canonicalJson(JSON.parse('{"a": [1, 2]}')), canonicalJson(JSON.parse('{"a": [2, 1]}')), 'array order matters');
});

test('splitLines cuts at newlines whatever the chunk boundaries', async () => {
  assert.deepEqual(await linesOf(['a\nb', 'c\n', '\nd\n']), [
    { text: 'a', terminated: true },
    { text: 'bc', terminated: true },
    { text: '', terminated: true },
    { text: 'd', terminated: true },
  ]);
  assert.deepEqual(await linesOf(['x', 'y', 'z']), [{ text: 'xyz', terminated: false }], 'a last line without its newline');
  assert.deepEqual(await linesOf([]), [], 'an empty file has no line');
  const emoji = Buffer.from('🎉\n');
  assert.deepEqual(await linesOf([emoji.subarray(0, 2), emoji.subarray(2)]), [{ text: '🎉', terminated: true }], 'a character split across chunks');
});

test('parseExportLine accepts exactly {"id":…,"data":…}', () => {
  assert.deepEqual(parseExportLine(Buffer.from('{"id":3,"data":{"b": 1, "a": "é"}}')), { id: 3, canonicalData: '{"a":"é","b":1}' });
  assert.deepEqual(parseExportLine(Buffer.from('{"id":3,"data":null}')), { id: 3, canonicalData: 'null' });
});

test('parseExportLine says what is wrong with a line', () => {
  const problem = (text: string | Buffer): unknown => parseExportLine(typeof text === 'string' ? Buffer.from(text) : text);
  assert.deepEqual(problem(''), { problem: 'empty line' });
  assert.deepEqual(problem(Buffer.from([0x7b, 0xff, 0x7d])), { problem: 'not valid UTF-8' });
  assert.deepEqual(problem('{"id":1,"data":'), { problem: 'not JSON' });
  assert.deepEqual(problem('\ufeff{"id":1,"data":{}}'), { problem: 'not JSON' }, 'a byte-order mark is not part of NDJSON');
  assert.deepEqual(problem('[1,{}]'), { problem: 'not a JSON object' });
  assert.deepEqual(problem('null'), { problem: 'not a JSON object' });
  assert.deepEqual(problem('{"data":{},"id":1}'), { problem: 'keys data,id, expected id,data' });
  assert.deepEqual(problem('{"id":1}'), { problem: 'keys id, expected id,data' });
  assert.deepEqual(problem('{}'), { problem: 'keys (none), expected id,data' });
  assert.deepEqual(problem('{"id":1,"data":{},"field":3}'), { problem: 'keys id,data,field, expected id,data' });
  assert.deepEqual(problem('{"id":"1","data":{}}'), { problem: 'id "1" is not an integer' });
  assert.deepEqual(problem('{"id":1.5,"data":{}}'), { problem: 'id 1.5 is not an integer' });
});
