import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectKnex, withPgConnection } from '../../libraries/knex.js';

export default defineScenario({
  name: 'import/knex/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'knex', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "knex has no COPY API: knex.client.acquireConnection() hands out its pooled pg.Client, on which pg-copy-streams runs the same COPY … FROM STDIN as pg/copy, fed by the generator; the connection goes back with releaseConnection().",
  notes: ["Only the connection comes from knex: the COPY is pg-copy-streams' code, so this differs from pg/copy by knex's pool and baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withPgConnection(db, (client) =>
          pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close: () => db.destroy(),
    };
  },
});
