import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG_PROGRESS_INTERVAL_MS, renderSummaryTable, terminalObserver } from '../../../harness/cli/terminal.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';

function fakeLog(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.trim().split('\n') };
}

test('in a log, long work prints a progress line every interval, and each run ends with its figures', () => {
  const log = fakeLog();
  let clock = 0;
  const observer = terminalObserver(log.stream, () => clock);
  const scenario = makeScenario('pg', 'iterator');
  observer.runStarted(scenario, 2, 3, 9, 50_000, null);
  observer.runProgress(100, 50_000);
  clock += LOG_PROGRESS_INTERVAL_MS;
  observer.runProgress(20_000, 50_000);
  clock += 1000;
  observer.runProgress(30_000, 50_000);
  observer.runFinished(makeRun({ strategy: 'iterator', repeat: 2, rows: 50_000, status: 'crashed', failure: { message: 'killed by SIGSEGV' } }), 3, 9);
  assert.deepEqual(log.lines(), [
    '[3/9] backfill/pg/iterator #2 @ 50,000 rows …',
    '[3/9] backfill/pg/iterator #2 @ 50,000 rows … 20,000 of 50,000 rows',
    '[3/9] backfill/pg/iterator #2 @ 50,000 rows CRASHED: peak 80.0 MiB, 200 ms, 50000 rows, 2 queries — killed by SIGSEGV',
  ]);
});

test('every run\'s label carries the ETA of the whole benchmark once one is known', () => {
  const log = fakeLog();
  const observer = terminalObserver(log.stream, () => 0);
  observer.runStarted(makeScenario('pg', 'keyset'), 1, 4, 9, 1000, 125_000);
  assert.deepEqual(log.lines(), ['[4/9] backfill/pg/keyset #1 @ 1,000 rows (ETA 2 min 05 s) …']);
});

test('the summary table lists every scenario, failed repeats in capitals and unsupported cells with their reason', () => {
  const results = makeResults([
    makeRun({ strategy: 'keyset', repeat: 1 }),
    makeRun({ strategy: 'keyset', repeat: 2, status: 'timed-out' }),
  ]);
  results.scenarios.push(makeScenario('prisma', 'iterator', { support: 'unsupported', unsupportedReason: 'no streaming API' }));
  results.context.options.libraries = ['pg', 'prisma'];
  results.context.options.strategies = ['keyset', 'iterator'];
  const table = renderSummaryTable(results);
  assert.match(table, /pg\/keyset\s+│ native\s+│ ok TIMED-OUT │ 80\.0 MiB/);
  assert.match(table, /prisma\/iterator\s+│ unsupported │ no streaming API/);
});
