import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_SELECT_SQL, ndjsonTextLine, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: '.cursor(--batch-size) over SELECT id, data::text AS data: each line built by string concatenation, no document parsed or stringified.',
  notes: [CURSOR_NOTE, COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for await (const rows of sql.unsafe<ExportTextRow[]>(NARROW_SELECT_SQL).cursor(context.batchSize)) await writeLines(file, rows, ndjsonTextLine, context);
        });
      },
      close: () => sql.end(),
    };
  },
});
