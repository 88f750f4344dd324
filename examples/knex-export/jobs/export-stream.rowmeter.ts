import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import knex from 'knex';
import { defineScenario } from 'rowmeter';

/** The export as it should be written: knex's stream, one NDJSON line per row, waiting for drain. */
export default defineScenario({
  name: 'export-stream',
  table: 'rowmeter_rows',
  tags: { library: 'knex', strategy: 'stream' },
  budget: { peakRss: '160 MiB', retained: '4 MiB' },
  async setup(ctx) {
    const db = knex({ client: 'pg', connection: ctx.databaseUrl, pool: { min: 1, max: 1 } });
    return {
      async run() {
        const file = createWriteStream(ctx.outputPath);
        for await (const row of db(ctx.table).select('id', 'data').orderBy('id').stream()) {
          if (!file.write(`${JSON.stringify(row)}\n`)) await once(file, 'drain');
          ctx.rowsProcessed(1);
        }
        file.end();
        await once(file, 'finish');
      },
      async close() {
        await db.destroy();
      },
    };
  },
  // Every row once, in order: the file has one line per row of the table.
  async verify(ctx) {
    const lines = (await readFile(ctx.outputPath, 'utf8')).trimEnd().split('\n');
    const wrong = lines.filter((line, index) => (JSON.parse(line) as { id: number }).id !== index + 1).length;
    return { checkedRows: ctx.rows, mismatches: wrong + Math.abs(ctx.rows - lines.length) };
  },
});
