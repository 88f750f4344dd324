import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

export default defineScenario({
  name: 'import/pg/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'pg', strategy: 'copy' },
  version: 1,
  support: 'native',
  description: 'COPY … FROM STDIN (pg-copy-streams copyFrom) fed by a Readable over the generator, in 64 KiB pieces, respecting backpressure.',
  async setup(context) {
    const [{ default: copyStreams }, client] = await Promise.all([import('pg-copy-streams'), connectClient(context.databaseUrl)]);
    return {
      async run() {
        const target = client.query(copyStreams.from(COPY_FROM_SQL));
        await pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), target);
      },
      close: () => client.end(),
    };
  },
});
