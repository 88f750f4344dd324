import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChildMessage, PROTOCOL_VERSION } from '../../../harness/run/protocol.js';
import { parseProcStatus } from '../../../harness/run/sampler.js';
import { tail } from '../../../harness/run/runner.js';

test('child messages: accepted with the current version, explained otherwise', () => {
  const ready = { v: PROTOCOL_VERSION, type: 'first-row' };
  assert.deepEqual(parseChildMessage(ready), ready);
  assert.deepEqual(parseChildMessage('hello'), { invalid: 'expected an object, got string' });
  assert.match((parseChildMessage({ v: 99, type: 'ready' }) as { invalid: string }).invalid, new RegExp(`protocol version 99, expected ${PROTOCOL_VERSION} \\(rebuild`));
  assert.deepEqual(parseChildMessage({ v: PROTOCOL_VERSION, type: 'teleport' }), { invalid: 'unknown message type "teleport"' });
});

test('/proc/<pid>/status: VmRSS and VmHWM in bytes', () => {
  const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t   81920 kB\nVmRSS:\t   40960 kB\nThreads:\t7\n';
  assert.deepEqual(parseProcStatus(status), { rssBytes: 40960 * 1024, hwmBytes: 81920 * 1024 });
  assert.equal(parseProcStatus('Name:\tzombie\nState:\tZ\n'), null, 'a zombie has no VmRSS');
});

test('stderr tail starts at a line boundary', () => {
  assert.equal(tail('short\n', 100), 'short');
  assert.equal(tail('first line\nsecond line\nthird', 15), 'third');
});
