import { defineScenario } from '../../../harness/api/index.js';
import { copyIntoFile, withExportFile } from '../workload.js';
import { connectKnex, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'export/knex/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "knex has no COPY API: knex.client.acquireConnection() hands out its pooled pg.Client, on which pg-copy-streams runs the same COPY … TO STDOUT as pg/copy; the connection goes back with releaseConnection().",
  notes: ["Only the connection comes from knex: the COPY itself is pg-copy-streams' code, so this differs from pg/copy by knex's pool and baseline."],
  async setup(context) {
    const { to: copyTo } = await import('pg-copy-streams');
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) => withPgConnection(db, (client) => copyIntoFile(client, copyTo, file, context)));
      },
      close: () => db.destroy(),
    };
  },
});
