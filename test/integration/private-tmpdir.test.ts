/**
 * As root, a private TMPDIR (a `mktemp -d` folder, mode 700, as CI wrappers and systemd's
 * PrivateTmp make) used to stop the embedded server: initdb, running as `postgres`, could not
 * read its password file there. The server's folders now go where that user can reach them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { serverTempRoot } from '../../harness/run/embedded.js';
import { UsageError } from '../../harness/errors.js';
import { runCli } from '../support/cli.js';

const asRoot = process.getuid?.() === 0;

describe('a private TMPDIR as root', { skip: asRoot ? false : 'only root runs the server as another user' }, () => {
  const privateTmp = mkdtempSync(join(tmpdir(), 'rowmeter-private-'));
  after(() => rmSync(privateTmp, { recursive: true, force: true }));

  test('is mode 700, and a benchmark with it works and leaves nothing in it but its results', async () => {
    assert.equal(statSync(privateTmp).mode & 0o777, 0o700);
    const out = join(privateTmp, 'out');
    const outcome = await runCli(['bench', '--rows', '500', '--libraries', 'pg', '--strategies', 'set-based', '--repeat', '1', '--out', out], { env: { TMPDIR: privateTmp } });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(readdirSync(privateTmp), ['out']);
  });

  test('with no folder the server can reach, one line naming the folder and the fix', () => {
    assert.throws(
      () => serverTempRoot({ uid: 65534, gid: 65534 }, [privateTmp, privateTmp]),
      (error: unknown) => error instanceof UsageError && error.message.includes(`cannot reach the temp folder ${privateTmp}`) && error.message.includes('set TMPDIR to a folder it can enter and write'),
    );
  });
});
