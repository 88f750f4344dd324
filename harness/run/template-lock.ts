/** Template databases are built under a PostgreSQL advisory lock named after them, so two rowmeters on one server build each once. */

/** A 64-bit advisory lock key for a template name (stable across processes and machines). */
export function templateLockKey(name: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`rowmeter:${name}`)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return BigInt.asIntN(64, hash);
}
