import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectTypeorm, withPgClient } from '../../libraries/typeorm.js';

export default defineScenario({
  name: 'import/typeorm/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'typeorm', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: 'typeorm has no COPY API: a QueryRunner\'s connect() resolves to its pooled pg client, on which pg-copy-streams runs the same COPY … FROM STDIN as pg/copy, fed by the generator; the runner is released after.',
  notes: ["Only the connection comes from typeorm: the COPY is pg-copy-streams' code, so this differs from pg/copy by typeorm's pool and baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withPgClient(dataSource, (client) =>
          pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close: () => dataSource.destroy(),
    };
  },
});
