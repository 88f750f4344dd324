/**
 * The tables every workload shares, in one place. Loaded by the measured child, so it imports
 * nothing. Created by seed/ (the seeded table) or by the harness before a run (the import
 * target), never by a scenario.
 */

/** The seeded table, in every run database: `id` int, `data` jsonb, `field` int (starts at -1). */
export const TABLE = 'rowmeter_rows';

/** The empty table of the seeded table's shape an `import` run fills. */
export const IMPORT_TABLE = 'rowmeter_import';

/** A seeded JSON document, as seed/ generates it. */
export interface SeedDocument {
  customer: { name: string; tier: number; address: { city: string; zip: string } };
  items: Array<{ sku: string; qty: number; priceCents: number }>;
  tags: string[];
  meta: { version: number; source: string };
  notes: string;
}
