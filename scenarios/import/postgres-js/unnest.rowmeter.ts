import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

/**
 * The documents go as text[] and are cast on the server: postgres.js serialises every element
 * of a parameter the server describes as jsonb[] with JSON.stringify, which would turn a text
 * document into a JSON string.
 */
const UNNEST_TEXT_SQL = UNNEST_INSERT_SQL.replace('$2::jsonb[]', '$2::text[]::jsonb[]');

export default defineScenario({
  name: 'import/postgres-js/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'postgres-js', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'sql.unsafe(INSERT … SELECT * FROM unnest($1::int[], $2::text[]::jsonb[], $3::int[]), [ids, documents, fields]) per --batch-size rows: three array parameters whatever the batch size.',
  notes: [COUNTING_NOTE, 'The documents are sent as text[] and cast to jsonb[] on the server: postgres.js would JSON-encode each element of a jsonb[] parameter again.'],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await sql.unsafe(UNNEST_TEXT_SQL, unnestParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sql.end(),
    };
  },
});
