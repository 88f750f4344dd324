import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectDrizzle, withPoolClient } from '../../libraries/drizzle.js';

export default defineScenario({
  name: 'import/drizzle/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'drizzle', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no COPY API: a client of the pg.Pool drizzle runs on runs pg-copy-streams' COPY … FROM STDIN, as pg/copy does, fed by the generator.",
  notes: ["Only the connection comes from drizzle's pool: the COPY is pg-copy-streams' code, so this differs from pg/copy by drizzle's baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withPoolClient(pool, (client) =>
          pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close: () => pool.end(),
    };
  },
});
