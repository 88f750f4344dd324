/**
 * How many times a cell runs. `--repeat N` is exact. By default repeats are adaptive: every cell
 * runs twice; a cell whose two runs agree on peak RSS within the noise floor stops there, one
 * whose runs disagree (or end differently) runs again, up to the most allowed. Pure.
 *
 * Why peak RSS decides: it is the figure the benchmark exists for, and it is steady for most
 * cells (within 1–2 % between repeats) while some swing by 10–20 % with the timing of V8's
 * collections; those are the ones a third run is for. Wall time on a shared machine is noisier
 * still and would keep every cell running; warm timing (`--timing`) is what time is judged on.
 */
import type { AdaptiveRepeats, RepeatDecision, RunResult } from '../results.js';

/** The default when `--repeat` is not given: two runs, a third when they disagree by more than 3 %. */
export const DEFAULT_ADAPTIVE_REPEATS: AdaptiveRepeats = { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 };

/** Whether one more run is due, and why (one line, for the results). */
export interface RepeatVerdict {
  more: boolean;
  reason: string;
}

function percent(value: number): string {
  return `${value.toFixed(1)} %`;
}

/**
 * The adaptive rule on the runs a cell has made so far at one size: fewer than `min` → more;
 * `max` reached → stop; all ok → stop when the peaks agree within the tolerance (or within
 * `floorBytes`, the kernel's accounting grain), else more; all ended alike but not ok → stop (a
 * cell that crashes every time needs no third crash); ended differently → more.
 */
export function adaptiveVerdict(runs: readonly Pick<RunResult, 'status' | 'peakRssBytes'>[], policy: AdaptiveRepeats): RepeatVerdict {
  const count = runs.length;
  if (count < policy.min) return { more: true, reason: `${count} of at least ${policy.min} runs` };
  const statuses = [...new Set(runs.map((run) => run.status))];
  const peaks = runs.map((run) => run.peakRssBytes).filter((peak): peak is number => peak !== null);
  let verdict: RepeatVerdict;
  if (statuses.length === 1 && statuses[0] === 'ok' && peaks.length === count) {
    const low = Math.min(...peaks);
    const spread = Math.max(...peaks) - low;
    const spreadPercent = low > 0 ? (spread / low) * 100 : 0;
    const agree = spread <= Math.max((policy.tolerancePercent / 100) * low, policy.floorBytes);
    verdict = agree
      ? { more: false, reason: `peak RSS of the ${count} runs within ${percent(spreadPercent)} (noise floor ${policy.tolerancePercent} %)` }
      : { more: true, reason: `peak RSS ${percent(spreadPercent)} apart (noise floor ${policy.tolerancePercent} %)` };
  } else if (statuses.length === 1) {
    verdict = { more: false, reason: `every run ended ${statuses[0]}` };
  } else {
    verdict = { more: true, reason: `runs ended differently (${statuses.join(', ')})` };
  }
  if (verdict.more && count >= policy.max) return { more: false, reason: `${verdict.reason}; stopped at the most, ${policy.max}` };
  return verdict;
}

/** The record of how many runs a cell got at one size, and why. */
export function repeatDecision(scenarioId: RunResult['scenarioId'], tableRows: number, runs: readonly RunResult[], policy: AdaptiveRepeats | null, exact: number): RepeatDecision {
  if (!policy) return { scenarioId, tableRows, runs: runs.length, policy: 'exact', reason: runs.length === exact ? `--repeat ${exact}` : `--repeat ${exact}, cut short after ${runs.length}` };
  return { scenarioId, tableRows, runs: runs.length, policy: 'adaptive', reason: adaptiveVerdict(runs, policy).reason };
}
