import type { ScenarioDefinition } from '../../types.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'export',
  library: 'pg',
  strategy: 'full-load',
  version: 1,
  support: 'native',
  how: 'One query buffers every row in result.rows (each jsonb parsed to an object), then each row is JSON.stringify-ed into the file.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context.outputPath, async (file) => {
          const { rows } = await client.query<ExportRow>(SELECT_ROWS_SQL);
          await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => client.end(),
    };
  },
};
export default scenario;
