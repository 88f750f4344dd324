import { defineConfig } from 'rowmeter';

// Measures on rowmeter's built-in seeded table (rowmeter_rows: id, data jsonb, field int = -1).
// To measure your own table instead: tables: [defineTable({ name: 'orders', existing: true })]
// and DATABASE_URL pointing at the server that has it (it is only read; runs get copies).
export default defineConfig({
  scenarios: ['jobs/*.rowmeter.ts'],
  rows: 20000,
  repeat: 2,
  budget: { peakRss: '256 MiB', wallTime: '2 min' },
});
