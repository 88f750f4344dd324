import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, arch, hostname, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchmarkContext, BenchmarkOptions, SeedInfo } from '../results.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Packages whose exact installed versions every result records. */
export const MEASURED_PACKAGES = [
  'pg',
  'pg-cursor',
  'pg-query-stream',
  'pg-copy-streams',
  'knex',
  'typeorm',
  'prisma',
  '@prisma/client',
  '@prisma/adapter-pg',
  'postgres',
  'drizzle-orm',
  'kysely',
  'sequelize',
  'tinybench',
] as const;

/** The version in a package's own package.json, found the way Node resolves it from here. */
export function installedVersion(name: string): string | null {
  const require = createRequire(join(projectRoot, 'package.json'));
  let directory: string;
  try {
    directory = dirname(require.resolve(`${name}/package.json`));
  } catch {
    try {
      // Packages whose "exports" hide package.json: walk up from the entry point.
      directory = dirname(require.resolve(name));
      while (!readFileSafe(join(directory, 'package.json'))?.includes(`"name": "${name}"`) && dirname(directory) !== directory) {
        directory = dirname(directory);
      }
    } catch {
      return null;
    }
  }
  const manifest = readFileSafe(join(directory, 'package.json'));
  return manifest ? ((JSON.parse(manifest) as { version?: string }).version ?? null) : null;
}

function readFileSafe(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function rowmeterVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The checkout's commit, or null outside a git work tree. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

export const FAIRNESS_NOTES = [
  'One counted query is one call of pg.Client.prototype.query in the measured process during the work: a stream or pg-cursor counts once however many batches it fetches; each DECLARE, FETCH, UPDATE, BEGIN or COMMIT sent as SQL counts once. Seven of the eight libraries (pg, knex, typeorm, prisma through @prisma/adapter-pg, drizzle, kysely, sequelize) send their SQL through that same pg, so the count covers them all.',
  'postgres.js has its own protocol code and never calls pg: its queries and connections are counted through its own debug hook, called once per statement it sends (a cursor counts once, as pg-cursor does), and a connection id seen for the first time counts one connection, so its counts mean the same as the others.',
  'Connections count pg.Client.prototype.connect calls (postgres.js: new connection ids) in the measured process, setup included. Sequelize opens one extra short-lived connection at start-up to read the server version, as it does for every user who does not set the databaseVersion option; it is counted.',
  'pipelined sends one UPDATE per row without waiting for the previous answer, at most --pipeline-depth in flight on one connection (pg: new Client({ pipeline: true }); postgres.js: concurrent queries on one connection, max_pipeline raised to the depth). It trades memory for round trips: every query in flight is held on both sides (the client keeps its promise and parameters, the server queues its answers), so its peak grows with the depth, not with the table.',
  'Every run gets a fresh copy of the same seeded template (CREATE DATABASE … TEMPLATE) and a fresh Node.js process; repeats are interleaved (round 1 of every scenario, then round 2, …) so slow drift of the machine spreads over all scenarios.',
  'Run databases use synchronous_commit = off, and the embedded server runs with fsync off, so per-row autocommit updates measure the client and the server, not the disk.',
  'Peak RSS is the kernel high-water mark (VmHWM) of the child process, which includes Node.js itself (about 40–60 MiB); the idle baseline is the RSS after imports and connect, before the first query.',
];

export function describeContext(options: BenchmarkOptions, postgresVersion: string, seeds: SeedInfo[], startedAt: Date): BenchmarkContext {
  const libraryVersions: Record<string, string> = {};
  for (const name of MEASURED_PACKAGES) {
    const version = installedVersion(name);
    if (version) libraryVersions[name] = version;
  }
  const processors = cpus();
  return {
    rowmeterVersion: rowmeterVersion(),
    nodeVersion: process.version,
    postgresVersion,
    libraryVersions,
    os: { platform: platform(), release: release(), arch: arch() },
    cpu: { model: processors[0]?.model.trim() ?? 'unknown', cores: processors.length },
    totalMemoryBytes: totalmem(),
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    commit: gitCommit(),
    hostname: hostname(),
    options,
    seeds,
    tables: [],
    configFile: null,
    fairnessNotes: [...FAIRNESS_NOTES],
  };
}
