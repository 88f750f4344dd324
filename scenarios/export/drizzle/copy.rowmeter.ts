import { defineScenario } from '../../../harness/api/index.js';
import { copyIntoFile, withExportFile } from '../workload.js';
import { connectDrizzle, COPY_NOTE, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no COPY API: a client of the pg.Pool drizzle runs on runs pg-copy-streams' COPY (SELECT <the line> …) TO STDOUT WITH (FORMAT csv, …), as pg/copy does.",
  notes: [COPY_NOTE],
  async setup(context) {
    const { to: copyTo } = await import('pg-copy-streams');
    const { pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) => withPoolClient(pool, (client) => copyIntoFile(client, copyTo, file, context)));
      },
      close: () => pool.end(),
    };
  },
});
