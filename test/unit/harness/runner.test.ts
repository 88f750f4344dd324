import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diedOfHeapLimit, MAX_MESSAGE_CHARS, serverMessageIn, shortenMessage } from '../../../harness/run/runner.js';

test('a failure message keeps its start and its end, and says how much was left out', () => {
  assert.equal(shortenMessage('short'), 'short');
  const statement = `insert into "rowmeter_import" values ${'($1, $2, $3), '.repeat(10_000)}- bind message has 24464 parameter formats but 0 parameters`;
  const shortened = shortenMessage(statement);
  assert.ok(shortened.length <= MAX_MESSAGE_CHARS + 40, `${shortened.length} characters`);
  assert.ok(shortened.startsWith('insert into "rowmeter_import" values ($1, $2, $3)'));
  assert.ok(shortened.endsWith('- bind message has 24464 parameter formats but 0 parameters'));
  assert.match(shortened, / … \[\d+ characters left out\] … /);
});

test('V8 heap exhaustion is recognised in a child\'s stderr', () => {
  assert.equal(diedOfHeapLimit('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'), true);
  assert.equal(diedOfHeapLimit('Error: Connection terminated unexpectedly'), false);
});

test('what the server told a child is found in its stderr', () => {
  assert.equal(serverMessageIn('node:events:502\n      throw er;\n\nerror: terminating connection due to administrator command\n    at x'), 'terminating connection due to administrator command');
  assert.equal(serverMessageIn('Error: Connection terminated unexpectedly\n    at y'), 'Connection terminated unexpectedly');
  assert.equal(serverMessageIn('nothing of the kind'), null);
});
