/**
 * The slow-consumer verdict in words (`--sink-rate`): one plain sentence per library and sink
 * rate, naming the strategies whose memory stayed bounded behind the consumer and those whose
 * memory grew with the rows (harness/bounded.ts judges each run).
 */
import { formatBytes } from '../format.js';
import type { BenchmarkResults, RunResult, ScenarioInfo } from '../results.js';

interface Judged {
  scenario: ScenarioInfo;
  verdict: 'bounded' | 'grows' | 'unknown';
  /** Median growth of the runs that grew, in bytes, and per row. */
  growthBytes: number | null;
  bytesPerRow: number | null;
}

/** A scenario's verdict from its runs': `grows` when most of its judged runs grew, `bounded` when none did. */
function judgeScenario(scenario: ScenarioInfo, runs: readonly RunResult[]): Judged {
  const judged = runs.filter((run) => run.memoryBound && run.memoryBound.verdict !== 'unknown');
  const grew = judged.filter((run) => run.memoryBound!.verdict === 'grows').sort((a, b) => a.memoryBound!.growthBytes! - b.memoryBound!.growthBytes!);
  if (judged.length === 0) return { scenario, verdict: 'unknown', growthBytes: null, bytesPerRow: null };
  if (grew.length * 2 <= judged.length) return { scenario, verdict: grew.length === 0 ? 'bounded' : 'unknown', growthBytes: null, bytesPerRow: null };
  const middle = grew[Math.floor(grew.length / 2)]!.memoryBound!;
  return { scenario, verdict: 'grows', growthBytes: middle.growthBytes, bytesPerRow: middle.bytesPerRow };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The name a strategy goes by in its library's sentence (a swept batch size included). */
function nameOf(scenario: ScenarioInfo): string {
  const batch = scenario.params.batchSize;
  return batch === undefined || scenario.file !== null ? (scenario.file === null ? scenario.strategy : scenario.name) : `${scenario.strategy} (batch ${batch})`;
}

/** One sentence per library and sink rate, in the order the scenarios are listed; none without `--sink-rate`. */
export function slowConsumerSentences(results: BenchmarkResults): string[] {
  const groups = new Map<string, Judged[]>();
  for (const scenario of results.scenarios) {
    const rate = scenario.conditions?.sinkMBps;
    if (rate == null) continue;
    const runs = results.runs.filter((run) => run.scenarioId === scenario.id && run.status === 'ok');
    if (runs.length === 0) continue;
    const latency = scenario.conditions!.latencyMs > 0 ? ` at ${scenario.conditions!.latencyMs} ms` : '';
    const key = `${scenario.library}|${rate}|${latency}`;
    groups.set(key, [...(groups.get(key) ?? []), judgeScenario(scenario, runs)]);
  }
  return [...groups.entries()].map(([key, judged]) => {
    const [library, rate, latency] = key.split('|') as [string, string, string];
    const bounded = judged.filter((entry) => entry.verdict === 'bounded').map((entry) => nameOf(entry.scenario));
    const grew = judged.filter((entry) => entry.verdict === 'grows');
    const unknown = judged.filter((entry) => entry.verdict === 'unknown').map((entry) => nameOf(entry.scenario));
    const parts = [
      bounded.length > 0 ? `${listed(bounded)} stayed bounded` : null,
      grew.length > 0
        ? `${listed(grew.map((entry) => `${nameOf(entry.scenario)} (+${formatBytes(entry.growthBytes)}${entry.bytesPerRow === null ? '' : `, ${formatBytes(entry.bytesPerRow)} per row`})`))} grew with the rows: ${grew.length === 1 ? 'it buffers' : 'they buffer'} what the consumer has not taken`
        : null,
      unknown.length > 0 ? `${listed(unknown)} could not be judged (too few samples, or runs that disagree)` : null,
    ].filter((part): part is string => part !== null);
    return `${library} behind a ${rate} MB/s consumer${latency}: ${parts.join('; ')}.`;
  });
}
