/**
 * Figures with their units, as budgets are written (`'160 MiB'`, `'2 GB'`, `'30 s'`): pure
 * parsing, so a config's typo is one clear line before anything is measured.
 */

/** Bytes per unit. Binary units are powers of 1024, decimal ones of 1000, as the units say. */
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Milliseconds per unit. */
const TIME_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
};

const QUANTITY = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;

/** Why a quantity could not be read, or its value in the base unit. */
export type ParsedQuantity = { value: number } | { error: string };

function parseWith(text: unknown, units: Record<string, number>, kind: string, example: string): ParsedQuantity {
  if (typeof text !== 'string') return { error: `expected a ${kind} with its unit such as ${example}, got ${typeof text === 'number' ? `the number ${text} (add its unit)` : typeof text}` };
  const match = QUANTITY.exec(text);
  if (!match) return { error: `expected a ${kind} with its unit such as ${example}, got ${JSON.stringify(text)}` };
  const factor = units[match[2]!.toLowerCase()];
  if (factor === undefined) {
    return { error: `unknown unit ${JSON.stringify(match[2])} in ${JSON.stringify(text)}: use ${Object.keys(units).join(', ')}` };
  }
  return { value: Number(match[1]) * factor };
}

/** `'160 MiB'` → 167772160; `'2 GB'` → 2e9. Case-insensitive units, a space optional. */
export function parseBytes(text: unknown): ParsedQuantity {
  const parsed = parseWith(text, BYTE_UNITS, 'size', "'160 MiB' or '2 GB'");
  return 'value' in parsed ? { value: Math.round(parsed.value) } : parsed;
}

/** `'30 s'` → 30000; `'500 ms'` → 500; `'2 min'` → 120000. */
export function parseDurationMs(text: unknown): ParsedQuantity {
  return parseWith(text, TIME_UNITS, 'duration', "'30 s' or '500 ms'");
}
