/**
 * A user's project, made the way a user makes one: `npm pack` of this repository, installed
 * with `npm install` into a fresh folder with the user's own libraries, and `npx rowmeter` run
 * in it. The tarball is packed once per test process.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliOutcome } from './cli.js';

const run = promisify(execFile);
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The exact version of a package this repository installs, so a test install comes from npm's cache. */
export function pinnedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };
  const version = manifest.devDependencies[name] ?? manifest.dependencies[name];
  if (!version) throw new Error(`${name} is not a dependency of rowmeter`);
  return version;
}

let tarball: Promise<string> | null = null;

/** `npm pack` of the built repository (dist is built by `npm test`'s pretest), once. */
export function packRowmeter(): Promise<string> {
  tarball ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rowmeter-pack-'));
    // The tarball lives as long as the test process that packed it.
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', folder], { cwd: REPOSITORY_ROOT });
    return join(folder, stdout.trim().split('\n').pop()!.trim());
  })();
  return tarball;
}

/** A fresh folder with a package.json, rowmeter from its tarball and the given packages installed. */
export async function installProject(folder: string, packages: string[], type: 'module' | 'commonjs' = 'module'): Promise<void> {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', await packRowmeter(), ...packages], { cwd: folder, maxBuffer: 1 << 24 });
}

/** Writes files (relative paths) into a project folder. */
export function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
}

/** `npx rowmeter …` in the project, as a user types it. */
export function npxRowmeter(folder: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('DATABASE_URL' in env)) delete environment.DATABASE_URL;
    const child = spawn('npx', ['--no-install', 'rowmeter', ...args], { cwd: folder, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A fresh temporary folder for a project. */
export function projectFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `rowmeter-${prefix}-`));
}
