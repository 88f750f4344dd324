import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDatabaseUrl, quoteOwnName, redact } from '../../../harness/run/database.js';

test('database URLs: postgres:// and postgresql:// with a host, anything else is a usage error', () => {
  assert.equal(parseDatabaseUrl('postgresql://u@db.example:5433/app').port, '5433');
  assert.throws(() => parseDatabaseUrl('localhost:5432'), /scheme must be postgres/);
  assert.throws(() => parseDatabaseUrl('just words'), /Invalid database URL "just words"/);
});

test('passwords never reach a message', () => {
  assert.equal(redact('postgres://me:hunter2@h:5432/db'), 'postgres://me:***@h:5432/db');
  assert.equal(redact('postgres://me@h/db'), 'postgres://me@h/db');
});

test('rowmeter only names, and so only touches, its own databases', () => {
  assert.equal(quoteOwnName('rowmeter_run_12_3'), '"rowmeter_run_12_3"');
  assert.throws(() => quoteOwnName('production'), /not a rowmeter name/);
  assert.throws(() => quoteOwnName('rowmeter_x"; DROP DATABASE prod; --'), /not a rowmeter name/);
});
