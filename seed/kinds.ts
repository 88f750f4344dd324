/**
 * Four shapes of generated table, each a kind of table users have: what `npm run bench:seed --
 * --table <kind>` seeds, and what the tests build. Their columns are the knobs a twin sets.
 */
import type { TableDefinition } from '../harness/api/index.js';

export const TABLE_KINDS = {
  /** Ten narrow numeric columns: integers, a numeric, floats, a boolean, a date. */
  'narrow-numeric': {
    name: 'rowmeter_kind_numeric',
    primaryKey: 'id',
    columns: {
      id: { type: 'bigint' },
      account: { type: 'integer', distinct: 10_000 },
      quantity: { type: 'smallint', min: 1, max: 500, distinct: 500 },
      price: { type: 'numeric', precision: 10, scale: 2, min: 0, max: 10_000 },
      tax: { type: 'numeric', precision: 6, scale: 4, min: 0, max: 1, distinct: 50 },
      weight: { type: 'real', min: 0, max: 100 },
      score: { type: 'double precision', distinct: 0.5 },
      active: { type: 'boolean', mostCommon: [0.9, 0.1] },
      day: { type: 'date', correlation: 0.95, distinct: 365 },
      version: { type: 'integer', min: 1, max: 20, distinct: 20, mostCommon: [0.5] },
    },
  },
  /** Wide text with nulls: names, varchar codes, a long free-text column half NULL, a uuid. */
  'wide-text': {
    name: 'rowmeter_kind_text',
    primaryKey: 'id',
    columns: {
      id: { type: 'integer' },
      ref: { type: 'uuid', unique: true },
      name: { type: 'text', length: { min: 5, max: 40 }, distinct: 0.8 },
      email: { type: 'varchar', maxLength: 120, length: { min: 12, max: 60 }, nulls: 0.1, distinct: 0.9 },
      country: { type: 'varchar', maxLength: 2, length: 2, distinct: 40, mostCommon: [0.3, 0.2, 0.1] },
      bio: { type: 'text', length: { min: 100, max: 2000 }, nulls: 0.5 },
      street: { type: 'text', length: { min: 10, max: 60 }, nulls: 0.2 },
      created: { type: 'timestamptz', correlation: 1, distinct: 0.9 },
    },
  },
  /** Nested JSONB documents of varying size, with a skewed status column beside them. */
  'nested-jsonb': {
    name: 'rowmeter_kind_jsonb',
    primaryKey: 'id',
    columns: {
      id: { type: 'bigint' },
      status: { type: 'enum', labels: ['pending', 'paid', 'shipped', 'refunded', 'void'], mostCommon: [0.05, 0.8, 0.1, 0.03, 0.02] },
      doc: {
        type: 'jsonb',
        shape: {
          type: 'object',
          keys: {
            customer: { type: 'object', keys: { name: { type: 'string', length: { min: 5, max: 30 } }, tier: { type: 'integer', min: 0, max: 3 }, vip: { type: 'boolean', presence: 0.1 } } },
            lines: {
              type: 'array',
              length: { min: 1, max: 12 },
              items: { type: 'object', keys: { sku: { type: 'string', length: 10 }, qty: { type: 'integer', min: 1, max: 20 }, price: { type: 'number', min: 1, max: 500 }, note: { type: 'string', length: { min: 0, max: 80 }, presence: 0.2 } } },
            },
            tags: { type: 'array', items: { type: 'string', values: ['a', 'b', 'gift', 'express', 'fragile'] }, length: { min: 0, max: 5 } },
            comment: { type: 'string', length: { min: 0, max: 400 }, presence: 0.3 },
          },
        },
      },
    },
  },
  /** Arrays and bytea: tag arrays, integer arrays with NULL elements, binary blobs. */
  'arrays-bytea': {
    name: 'rowmeter_kind_arrays',
    primaryKey: 'id',
    columns: {
      id: { type: 'integer' },
      tags: { type: 'array', of: { type: 'text', length: { min: 3, max: 12 }, distinct: 200 }, length: { min: 0, max: 8 } },
      readings: { type: 'array', of: { type: 'double precision', distinct: 1000, nulls: 0.05 }, length: { min: 10, max: 40 } },
      flags: { type: 'array', of: { type: 'boolean' }, length: 4, nulls: 0.3 },
      thumbnail: { type: 'bytea', size: { min: 200, max: 2000 }, nulls: 0.1 },
      checksum: { type: 'bytea', size: 32 },
    },
  },
} satisfies Record<string, TableDefinition>;

export type TableKind = keyof typeof TABLE_KINDS;
