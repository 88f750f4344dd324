import { defineScenario } from '../../../harness/api/index.js';
import { copyIntoFile, withExportFile } from '../workload.js';
import { connectTypeorm, withPgClient } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'copy' },
  version: 1,
  support: 'emulated',
  description: 'typeorm has no COPY API: dataSource.createQueryRunner().connect() resolves to its pooled pg client, on which pg-copy-streams runs the same COPY … TO STDOUT as pg/copy; the runner is released after.',
  notes: ["Only the connection comes from typeorm: the COPY itself is pg-copy-streams' code, so this differs from pg/copy by typeorm's pool and baseline."],
  async setup(context) {
    const { to: copyTo } = await import('pg-copy-streams');
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) => withPgClient(dataSource, (client) => copyIntoFile(client, copyTo, file, context)));
      },
      close: () => dataSource.destroy(),
    };
  },
});
