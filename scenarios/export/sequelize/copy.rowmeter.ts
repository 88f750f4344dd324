import { defineScenario } from '../../../harness/api/index.js';
import { copyIntoFile, withExportFile } from '../workload.js';
import { connectSequelize, COPY_NOTE, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no COPY API: the pg client behind one of its pooled connections (connectionManager.getConnection()) runs pg-copy-streams' COPY (SELECT <the line> …) TO STDOUT WITH (FORMAT csv, …), as pg/copy does.",
  notes: [COPY_NOTE],
  async setup(context) {
    const { to: copyTo } = await import('pg-copy-streams');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) => withPgConnection(sequelize, (client) => copyIntoFile(client, copyTo, file, context)));
      },
      close: () => sequelize.close(),
    };
  },
});
