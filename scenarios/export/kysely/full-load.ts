import type { ScenarioDefinition } from '../../types.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'export',
  library: 'kysely',
  strategy: 'full-load',
  version: 1,
  support: 'native',
  how: "db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute() buffers every row, then each row is JSON.stringify-ed into the file.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context.outputPath, async (file) =>
          writeLines(file, await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute(), ndjsonLine, context),
        );
      },
      close,
    };
  },
};
export default scenario;
