import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectKysely, withPoolClient } from '../../libraries/kysely.js';

export default defineScenario({
  name: 'import/kysely/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'kysely', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "kysely has no COPY API: a client of the pg.Pool given to kysely's dialect runs pg-copy-streams' COPY … FROM STDIN, as pg/copy does, fed by the generator.",
  notes: ["Only the connection comes from kysely's pool: the COPY is pg-copy-streams' code, so this differs from pg/copy by kysely's baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { pool, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withPoolClient(pool, (client) =>
          pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close,
    };
  },
});
