/**
 * Deterministic pseudo-random numbers for generated tables: 32-bit integer mixing only
 * (`Math.imul`, shifts), so every machine and every Node.js computes the same values. No state:
 * a value is a pure function of a salt, a row number and a draw number.
 */

/** MurmurHash3's finaliser: every input bit flips about half the output bits. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string's UTF-16 code units: a salt from a name. */
export function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) h = Math.imul(h ^ text.charCodeAt(index), 0x01000193);
  return h >>> 0;
}

/** The `draw`-th 32-bit number of row `row` under `salt`. Rows up to 2^32 stay distinct. */
export function draw32(salt: number, row: number, draw: number): number {
  return mix32(salt ^ mix32((row >>> 0) + Math.imul(draw + 1, 0x9e3779b9)));
}

/** {@link draw32} as a fraction in [0, 1). */
export function drawUnit(salt: number, row: number, draw: number): number {
  return draw32(salt, row, draw) / 4294967296;
}

/** An integer from `min` to `max` inclusive, from {@link drawUnit}. */
export function drawInt(salt: number, row: number, draw: number, min: number, max: number): number {
  return min + Math.floor(drawUnit(salt, row, draw) * (max - min + 1));
}

/**
 * A permutation of 0 … size-1, keyed by `salt`: a 4-round Feistel network on the smallest even
 * number of bits that holds `size`, cycle-walking back into range. A unique column in random
 * order gets each rank exactly once.
 */
export function permute(index: number, size: number, salt: number): number {
  if (size <= 1) return 0;
  let bits = Math.max(2, Math.ceil(Math.log2(size)));
  if (bits % 2 === 1) bits += 1;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let value = index;
  do {
    let left = value >>> half;
    let right = value & mask;
    for (let round = 0; round < 4; round += 1) {
      const next = left ^ (mix32(right ^ Math.imul(salt ^ round, 0x27d4eb2d)) & mask);
      left = right;
      right = next;
    }
    value = (left << half) | right;
    value >>>= 0;
  } while (value >= size);
  return value;
}
