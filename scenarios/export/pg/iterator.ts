import type { ScenarioDefinition } from '../../types.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'export',
  library: 'pg',
  strategy: 'iterator',
  version: 1,
  support: 'native',
  how: 'pg-query-stream (batchSize = --batch-size) read with for await; each row JSON.stringify-ed into the file, waiting for drain when its buffer is full.',
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context.outputPath, async (file) => {
          const stream = client.query(new QueryStream(SELECT_ROWS_SQL, [], { batchSize: context.batchSize }));
          await writeLines(file, stream as AsyncIterable<ExportRow>, ndjsonLine, context);
        });
      },
      close: () => client.end(),
    };
  },
};
export default scenario;
