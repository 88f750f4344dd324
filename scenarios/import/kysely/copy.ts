import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ScenarioDefinition } from '../../types.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectKysely, withPoolClient } from '../../libraries/kysely.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'kysely',
  strategy: 'copy',
  version: 1,
  support: 'emulated',
  how: "kysely has no COPY API: a client of the pg.Pool given to kysely's dialect runs pg-copy-streams' COPY … FROM STDIN, as pg/copy does, fed by the generator.",
  notes: ["Only the connection comes from kysely's pool: the COPY is pg-copy-streams' code, so this differs from pg/copy by kysely's baseline."],
  async setup(context) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { pool, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withPoolClient(pool, (client) =>
          pipeline(Readable.from(copyPieces(context.tableRows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), client.query(copyFrom(COPY_FROM_SQL))),
        );
      },
      close,
    };
  },
};
export default scenario;
