import { defineScenario } from 'rowmeter';
import { connect, verifyBackfill } from './shared.js';

interface Item {
  qty: number;
  priceCents: number;
}

/** Read a page by id, compute in JavaScript, write the page back in one UPDATE: memory bounded by the page. */
export default defineScenario({
  name: 'keyset-batches',
  table: 'rowmeter_rows',
  tags: { library: 'typeorm', strategy: 'keyset' },
  params: { batchSize: [500, 5000] },
  async setup(ctx) {
    const source = await connect(ctx.databaseUrl);
    return {
      async run() {
        let last = 0;
        for (;;) {
          const rows = (await source.query(`SELECT id, data->'items' AS items FROM ${ctx.table} WHERE id > $1 ORDER BY id LIMIT $2`, [last, ctx.batchSize])) as Array<{ id: number; items: Item[] }>;
          if (rows.length === 0) break;
          const totals = rows.map((row) => row.items.reduce((sum, item) => sum + item.qty * item.priceCents, 0));
          await source.query(`UPDATE ${ctx.table} AS t SET field = v.total FROM unnest($1::int[], $2::int[]) AS v(id, total) WHERE t.id = v.id`, [rows.map((row) => row.id), totals]);
          last = rows[rows.length - 1]!.id;
          ctx.rowsProcessed(rows.length);
        }
      },
      async close() {
        await source.destroy();
      },
    };
  },
  verify: verifyBackfill,
});
