import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ScenarioDefinition } from '../../types.js';
import { COPY_FROM_SQL, copyPieces } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'pg',
  strategy: 'copy',
  version: 1,
  support: 'native',
  how: 'COPY … FROM STDIN (pg-copy-streams copyFrom) fed by a Readable over the generator, in 64 KiB pieces, respecting backpressure.',
  async setup(context) {
    const [{ default: copyStreams }, client] = await Promise.all([import('pg-copy-streams'), connectClient(context.databaseUrl)]);
    return {
      async run() {
        const target = client.query(copyStreams.from(COPY_FROM_SQL));
        await pipeline(Readable.from(copyPieces(context.tableRows, context.payloadBytes, (rows) => context.rowsProcessed(rows))), target);
      },
      close: () => client.end(),
    };
  },
};
export default scenario;
