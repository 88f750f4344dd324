/**
 * The version cache of `--versions` (tachometer's design): each variant's packages are installed
 * with npm into a folder of their own, keyed by a hash of the set, and a marker written only after
 * a successful install says the folder may be reused next time. The install goes to a temporary
 * folder renamed into place, so a half-done install is never reused; a version npm cannot find,
 * or a registry it cannot reach, is one line and exit 2 before anything is measured.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import type { PackageSpec, VariantSpec } from './spec.js';

/** The marker of a finished install, and what it resolved. */
export const MARKER_FILE = '.rowmeter-variant.json';

/** A variant ready to run: its folder and the exact versions installed. */
export interface InstalledVariant {
  label: string;
  /** The folder whose `node_modules` holds the variant's packages. */
  directory: string;
  packages: PackageSpec[];
  /** Exact versions as installed (`{ pg: "8.11.3" }`), for the results. */
  resolved: Record<string, string>;
  /** True when an earlier install was reused. */
  reused: boolean;
}

/** `$ROWMETER_CACHE_DIR`, else `$XDG_CACHE_HOME/rowmeter`, else `~/.cache/rowmeter`; versions live under `versions/`. */
export function versionCacheRoot(environment: NodeJS.ProcessEnv = process.env): string {
  const base = environment.ROWMETER_CACHE_DIR ?? join(environment.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rowmeter');
  return join(base, 'versions');
}

/** The folder of a set of packages: a hash of the sorted specs and Node's major version (native add-ons differ by it). */
export function variantKey(packages: readonly PackageSpec[], nodeMajor = process.versions.node.split('.')[0]!): string {
  const specs = packages.map((entry) => `${entry.name}@${entry.version}`).sort();
  return createHash('sha256').update(JSON.stringify({ specs, node: nodeMajor })).digest('hex').slice(0, 16);
}

/** What npm's error output means, in one line for the user. */
export function describeInstallFailure(stderr: string, packages: readonly PackageSpec[]): string {
  const what = packages.map((entry) => `${entry.name}@${entry.version}`).join(' ');
  if (/ETARGET/.test(stderr)) {
    const match = /No matching version found for (\S+?)\.?$/m.exec(stderr);
    return `--versions: no version matches ${match ? match[1] : what} on the registry`;
  }
  if (/E404/.test(stderr)) {
    const match = /404 Not Found - GET \S*\/([^/\s]+)$/m.exec(stderr);
    return `--versions: ${match ? decodeURIComponent(match[1]!) : what} is not on the registry`;
  }
  const network = /(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENETUNREACH)/.exec(stderr);
  if (network) return `--versions: could not reach the npm registry to install ${what} (${network[1]}): offline?`;
  const last = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? 'no message';
  return `--versions: npm install ${what} failed: ${last.replace(/^npm (ERR!|error) /, '')}`;
}

/** Exact versions installed in a folder. */
function resolvedVersions(directory: string, packages: readonly PackageSpec[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const { name } of packages) {
    resolved[name] = (JSON.parse(readFileSync(join(directory, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return resolved;
}

/** A finished install in `directory`, or null. */
function readMarker(directory: string): Record<string, string> | null {
  const marker = join(directory, MARKER_FILE);
  if (!existsSync(marker)) return null;
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { resolved: Record<string, string> }).resolved;
  } catch {
    return null;
  }
}

/**
 * The variant's folder: reused when its marker says a earlier install finished, else installed
 * now with npm (install scripts off: the measured libraries need none; `npm` from the PATH).
 */
export async function installVariant(variant: VariantSpec, root = versionCacheRoot()): Promise<InstalledVariant> {
  const directory = join(root, variantKey(variant.packages));
  const earlier = readMarker(directory);
  if (earlier) return { label: variant.label, directory, packages: variant.packages, resolved: earlier, reused: true };
  mkdirSync(root, { recursive: true });
  const staging = `${directory}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const dependencies = Object.fromEntries(variant.packages.map((entry) => [entry.name, entry.version]));
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: 'rowmeter-variant', private: true, dependencies }, null, 2)}\n`);
    const install = await execa('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: staging, reject: false, timeout: 300_000 });
    if (install.exitCode !== 0 || install.failed) throw new UsageError(describeInstallFailure(`${install.stderr}\n${install.stdout}`, variant.packages));
    const resolved = resolvedVersions(staging, variant.packages);
    writeFileSync(join(staging, MARKER_FILE), `${JSON.stringify({ packages: variant.packages, resolved, installedAt: new Date().toISOString() }, null, 2)}\n`);
    try {
      renameSync(staging, directory);
    } catch {
      // Another rowmeter finished the same install first: use its folder.
      rmSync(staging, { recursive: true, force: true });
    }
    return { label: variant.label, directory, packages: variant.packages, resolved: readMarker(directory) ?? resolved, reused: false };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
