import { defineScenario } from '../../../harness/api/index.js';
import { copyIntoFile, withExportFile } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'copy' },
  version: 1,
  support: 'native',
  description: "pg-copy-streams: client.query(copyTo(COPY (SELECT <the line> …) TO STDOUT WITH (FORMAT csv, …))); the server formats every line, the child writes the raw chunks to the file with backpressure.",
  notes: ['COPY in CSV format with control characters as delimiter and quote, so the server escapes nothing: each row arrives exactly as the JSON line (text format would double every backslash).'],
  async setup(context) {
    const { to: copyTo } = await import('pg-copy-streams');
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, (file) => copyIntoFile(client, copyTo, file, context));
      },
      close: () => client.end(),
    };
  },
});
