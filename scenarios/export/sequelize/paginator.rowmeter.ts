import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectSequelize, INSTANCES_NOTE, plainRow } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']], limit: --batch-size, offset: k }) pages, each row JSON.stringify-ed into the file.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const rows = await Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']], limit: context.batchSize, offset });
            await writeLines(file, rows.map(plainRow), ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => sequelize.close(),
    };
  },
});
