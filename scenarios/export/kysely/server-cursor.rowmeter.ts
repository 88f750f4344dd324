import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/kysely/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: "kysely's .stream(--batch-size) is a server-side cursor (pg-cursor's portal, --batch-size rows per read); each row JSON.stringify-ed into the file.",
  notes: [STREAM_NOTE, "kysely's only stream is this cursor, so its iterator and server-cursor read the same way."],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          writeLines(file, db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').stream(context.batchSize), ndjsonLine, context),
        );
      },
      close,
    };
  },
});
