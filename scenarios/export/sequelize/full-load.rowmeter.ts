import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectSequelize, INSTANCES_NOTE, plainRow } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']] }) builds every row as a model instance, then each is JSON.stringify-ed into the file.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const rows = await Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']] });
          await writeLines(file, rows.map(plainRow), ndjsonLine, context);
        });
      },
      close: () => sequelize.close(),
    };
  },
});
