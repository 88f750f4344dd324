import { withClient } from '../database.js';
import type { VerifyOutcome } from '../../results.js';
import { IMPORT_TABLE, TABLE } from '../../../scenarios/tables.js';
import type { RunTarget, WorkloadDefinition } from './types.js';

/** The import's target: the seeded table's shape, empty. Created in each run's database before the child starts. */
export const CREATE_IMPORT_TABLE_SQL = `CREATE TABLE ${IMPORT_TABLE} (
  id integer PRIMARY KEY,
  data jsonb NOT NULL,
  field integer NOT NULL DEFAULT -1
)`;

/**
 * Checks in SQL, independently of the scenario, that the import holds exactly the seeded rows:
 * both tables come from the same generator, so `EXCEPT` both ways must be empty (a missing,
 * extra, duplicated or altered row shows on one side), and the count must be N.
 */
export async function verifyImport(databaseUrl: string, expectedRows: number): Promise<VerifyOutcome> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ imported: number; missing: number; unexpected: number; first_missing: number | null; first_unexpected: number | null }>(
      `WITH missing AS (SELECT id, data, field FROM ${TABLE} WHERE id <= $1 EXCEPT ALL SELECT id, data, field FROM ${IMPORT_TABLE}),
            unexpected AS (SELECT id, data, field FROM ${IMPORT_TABLE} EXCEPT ALL SELECT id, data, field FROM ${TABLE} WHERE id <= $1)
       SELECT (SELECT count(*)::int FROM ${IMPORT_TABLE}) AS imported,
              (SELECT count(*)::int FROM missing) AS missing,
              (SELECT count(*)::int FROM unexpected) AS unexpected,
              (SELECT min(id) FROM missing) AS first_missing,
              (SELECT min(id) FROM unexpected) AS first_unexpected`,
      [expectedRows],
    );
    const row = result.rows[0]!;
    // An altered row is missing in its seeded form and unexpected in its imported one: one mismatch.
    const mismatches = Math.max(row.missing, row.unexpected, Math.abs(expectedRows - row.imported));
    const problems = [
      row.first_missing !== null ? `row ${row.first_missing} is missing or differs from the seed` : null,
      row.first_unexpected !== null && row.first_unexpected !== row.first_missing ? `row ${row.first_unexpected} is not a seeded row` : null,
      row.imported !== expectedRows ? `${row.imported} rows imported, ${expectedRows} expected` : null,
    ].filter((problem): problem is string => problem !== null);
    return { checkedRows: row.imported, mismatches, ...(problems.length > 0 ? { detail: problems.join('; ') } : {}) };
  });
}

export const importWorkload: WorkloadDefinition = {
  name: 'import',
  description: 'Insert N rows of the seed, generated in the child, into an empty table of the seeded shape.',
  prepare: (target: RunTarget) => withClient(target.databaseUrl, async (client) => void (await client.query(CREATE_IMPORT_TABLE_SQL))),
  verify: (target) => verifyImport(target.databaseUrl, target.tableRows),
  cleanup: async () => undefined,
  async reset(client) {
    const imported = (await client.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${IMPORT_TABLE}`)).rows[0]!.rows;
    await client.query(`TRUNCATE ${IMPORT_TABLE}`);
    return imported;
  },
};
