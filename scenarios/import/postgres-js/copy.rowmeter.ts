import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario } from '../../../harness/api/index.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

export default defineScenario({
  name: 'import/postgres-js/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'postgres-js', strategy: 'copy' },
  version: 1,
  support: 'native',
  description: "postgres.js's own COPY: sql.unsafe(COPY … FROM STDIN).writable(), fed by a Readable over the generator in 64 KiB pieces, respecting backpressure.",
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const target = await sql.unsafe(COPY_FROM_SQL).writable();
        await pipeline(Readable.from(copyPieces(context.rows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), target);
      },
      close: () => sql.end(),
    };
  },
});
