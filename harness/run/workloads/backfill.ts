import { withClient } from '../database.js';
import type { VerifyOutcome } from '../../results.js';
import { EXPECTED_FIELD_SQL, TABLE } from '../../../scenarios/backfill/workload.js';
import type { WorkloadDefinition } from './types.js';

/**
 * Checks in SQL, independently of the JavaScript that did the work, that every row's
 * `field` holds the expected value. Rows missing from or added to the table count as
 * mismatches too, so a run that skipped, duplicated or lost rows can never pass.
 */
export async function verifyBackfill(databaseUrl: string, expectedRows: number): Promise<VerifyOutcome> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ checked: number; wrong: number }>(
      `SELECT count(*)::int AS checked,
              count(*) FILTER (WHERE field IS DISTINCT FROM ${EXPECTED_FIELD_SQL})::int AS wrong
         FROM ${TABLE}`,
    );
    const { checked, wrong } = result.rows[0]!;
    return { checkedRows: checked, mismatches: wrong + Math.abs(expectedRows - checked) };
  });
}

export const backfillWorkload: WorkloadDefinition = {
  name: 'backfill',
  description: "Read every row, compute `field` from its JSON document, and write it back.",
  prepare: async () => undefined,
  verify: (target) => verifyBackfill(target.databaseUrl, target.tableRows),
  cleanup: async () => undefined,
  async reset(client) {
    // Every row the previous iteration computed goes back to -1, which the computation never gives.
    const { rowCount } = await client.query(`UPDATE ${TABLE} SET field = -1 WHERE field <> -1`);
    // Reclaim the dead row versions, so every iteration starts on a table of the same size.
    await client.query(`VACUUM ${TABLE}`);
    return rowCount ?? 0;
  },
};
