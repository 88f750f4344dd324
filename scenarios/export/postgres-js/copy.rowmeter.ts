import { defineScenario } from '../../../harness/api/index.js';
import { COPY_TO_STDOUT_SQL, withExportFile } from '../workload.js';
import { connectPostgresJs, copyIntoFileWithPostgresJs, COUNTING_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'copy' },
  version: 1,
  support: 'native',
  description: "postgres.js's own COPY: sql.unsafe(COPY (SELECT <the line> …) TO STDOUT WITH (FORMAT csv, …)).readable(); the server formats every line, the child writes the chunks to the file with backpressure.",
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, (file) => copyIntoFileWithPostgresJs(sql, COPY_TO_STDOUT_SQL, file, context));
      },
      close: () => sql.end(),
    };
  },
});
