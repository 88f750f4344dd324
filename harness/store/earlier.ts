import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Earlier results are never overwritten by accident: an `--out` that holds a results.json is
 * refused (one line, nothing written) unless `overwrite` is set.
 */
export function refuseEarlierResults(outDir: string, overwrite: boolean, flag = '--out'): void {
  const earlier = join(outDir, 'results.json');
  if (overwrite || !existsSync(earlier)) return;
  let when = '';
  try {
    when = ` of a benchmark started ${(JSON.parse(readFileSync(earlier, 'utf8')) as { context?: { startedAt?: string } }).context?.startedAt ?? 'at an unknown time'}`;
  } catch {
    // An unreadable results.json is still somebody's file.
  }
  throw new UsageError(`${flag} ${outDir} already holds results.json${when}: give another folder, or add --overwrite to replace it`);
}
