import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectSequelize, withPgConnection } from '../../libraries/sequelize.js';

export default defineScenario({
  name: 'import/sequelize/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'sequelize', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no COPY API: the pg client behind one of its pooled connections (connectionManager.getConnection()) runs pg-copy-streams' COPY … FROM STDIN, as pg/copy does, fed by the generator.",
  notes: ["Only the connection comes from sequelize: the COPY is pg-copy-streams' code, so this differs from pg/copy by sequelize's baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withPgConnection(sequelize, (client) =>
          pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close: () => sequelize.close(),
    };
  },
});
