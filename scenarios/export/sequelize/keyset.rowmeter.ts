import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectSequelize, INSTANCES_NOTE, plainRow } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ where: { id: { [Op.gt]: last } }, order: [['id', 'ASC']], limit: --batch-size }) pages, each row JSON.stringify-ed into the file.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { Op } = await import('sequelize');
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, async (afterId, limit) =>
            (await Row.findAll({ attributes: ['id', 'data'], where: { id: { [Op.gt]: afterId } }, order: [['id', 'ASC']], limit })).map(plainRow),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => sequelize.close(),
    };
  },
});
