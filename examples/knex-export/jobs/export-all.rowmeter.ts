import { writeFile } from 'node:fs/promises';
import knex from 'knex';
import { defineScenario } from 'rowmeter';

/** The export as it is often first written: every row in one array, then one big string. */
export default defineScenario({
  name: 'export-all',
  table: 'rowmeter_rows',
  tags: { library: 'knex', strategy: 'load-all' },
  async setup(ctx) {
    const db = knex({ client: 'pg', connection: ctx.databaseUrl, pool: { min: 1, max: 1 } });
    return {
      async run() {
        const rows = await db(ctx.table).select('id', 'data').orderBy('id');
        ctx.rowsProcessed(rows.length);
        await writeFile(ctx.outputPath, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
      },
      async close() {
        await db.destroy();
      },
    };
  },
  async verify(ctx) {
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(ctx.outputPath, 'utf8')).trimEnd().split('\n');
    return lines.length === ctx.rows;
  },
});
