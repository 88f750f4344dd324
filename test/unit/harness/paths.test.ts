import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkTempFolder, ensureDirectory, PathError, pathPrefixes } from '../../../harness/paths.js';

/** Rejects with a PathError whose message matches, within a second (these used to hang forever). */
async function rejectsFast(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const started = Date.now();
  await assert.rejects(promise, (error: unknown) => error instanceof PathError && pattern.test(error.message));
  assert.ok(Date.now() - started < 1000, 'fails within a second');
}

describe('ensureDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-paths-test-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing deep path and accepts an existing folder', async () => {
    const deep = join(root, 'a', 'b', 'c');
    assert.equal(await ensureDirectory(deep), deep);
    assert.ok(statSync(deep).isDirectory());
    assert.equal(await ensureDirectory(deep), deep, 'twice is fine');
  });

  it('resolves a relative path against the given folder', async () => {
    assert.equal(await ensureDirectory('rel/x', root), join(root, 'rel', 'x'));
  });

  it('follows a symbolic link to a folder', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    await ensureDirectory(join(root, 'link', 'inside'));
    assert.ok(statSync(join(root, 'real', 'inside')).isDirectory());
  });

  it('names a dangling symbolic link instead of looping', async () => {
    symlinkSync(join(root, 'nowhere'), join(root, 'broken-link'));
    await rejectsFast(ensureDirectory(join(root, 'broken-link', 'out')), new RegExp(`broken-link is a symbolic link to ${root}/nowhere, which does not exist$`));
  });

  it('names a file in the way', async () => {
    writeFileSync(join(root, 'a-file'), 'x');
    await rejectsFast(ensureDirectory(join(root, 'a-file', 'out')), /a-file is not a folder$/);
  });

  it('fails at once under /proc, whose folders cannot hold new ones', async (context) => {
    if (process.platform !== 'linux') return context.skip('/proc exists on Linux only');
    await rejectsFast(ensureDirectory('/proc/forbidden/x'), /^\/proc cannot hold a folder \(ENOENT\)$/);
  });

  it('lists the prefixes of a path', () => {
    assert.deepEqual(pathPrefixes('/a/b/c'), ['/a', '/a/b', '/a/b/c']);
    assert.deepEqual(pathPrefixes('/'), []);
  });
});

describe('checkTempFolder', () => {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-tempcheck-test-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a writable folder and names a missing one, a dangling link and a file', async () => {
    await checkTempFolder(root);
    await rejectsFast(checkTempFolder(join(root, 'missing')), /missing does not exist \(ENOENT\)$/);
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));
    await rejectsFast(checkTempFolder(join(root, 'dangling')), /dangling is a symbolic link to a missing folder$/);
    writeFileSync(join(root, 'file'), '');
    await rejectsFast(checkTempFolder(join(root, 'file')), /file is not a folder$/);
  });
});
