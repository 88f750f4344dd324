import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../harness/cli/main.js', import.meta.url));

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would (a separate process), with DATABASE_URL unset unless given. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ChildProcess) => void; detached?: boolean; onSpawn?: (child: ChildProcess) => void; cwd?: string } = {},
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    if (!options.env || !('DATABASE_URL' in options.env)) delete environment.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, ...args], { env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false, ...(options.cwd ? { cwd: options.cwd } : {}) });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
