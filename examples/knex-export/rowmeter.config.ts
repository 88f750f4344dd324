import { defineConfig } from 'rowmeter';

// No DATABASE_URL: rowmeter starts its own PostgreSQL and seeds its built-in table
// (rowmeter_rows: id, a JSONB document `data` of about 1 KB, field). With one, it uses that server.
export default defineConfig({
  scenarios: ['jobs/*.rowmeter.ts'],
  rows: 20000,
  repeat: 2,
  // Every job must stay under this; the streaming one also under its own tighter budget.
  budget: { peakRss: '512 MiB' },
});
