/**
 * The seed's rows, generated in JavaScript: byte for byte the `data::text` that the reference
 * generator in SQL (INSERT_ROWS_SQL in generate.ts) produces for the same row number and
 * payload size, so seeding can stream rows through `COPY … FROM STDIN` at PostgreSQL's own speed,
 * and an `import` run can insert the seed's own rows. Loaded by the measured child of an import:
 * imports nothing but node:crypto.
 */
import { createHash } from 'node:crypto';
import type { SeedDocument } from '../scenarios/tables.js';

/** `2654435761 mod 99900`: the price's multiplier, reduced so that no product passes 2^53. */
const PRICE_MULTIPLIER_MOD = 2654435761 % 99900;

/** Orders object keys the way jsonb stores them: shorter keys first, then by bytes. */
function jsonbKeyOrder(a: string, b: string): number {
  const lengthA = Buffer.byteLength(a);
  const lengthB = Buffer.byteLength(b);
  if (lengthA !== lengthB) return lengthA - lengthB;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A string as jsonb writes it (PostgreSQL's escape_json): `"`, `\` and control characters escaped. */
function jsonbString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/**
 * The canonical text of a JSON value as `jsonb::text` prints it: object keys in jsonb order,
 * `", "` between members and `": "` after keys. Two documents are equal as jsonb exactly when
 * their canonical texts are equal (for the integers and strings rowmeter's data holds).
 */
export function jsonbText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return jsonbString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`jsonb has no ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort(jsonbKeyOrder);
    return `{${keys.map((key) => `${jsonbString(key)}: ${jsonbText((value as Record<string, unknown>)[key])}`).join(', ')}}`;
  }
  throw new Error(`not a JSON value: ${typeof value}`);
}

/** The document of row `g` without its padding: the `base` of INSERT_ROWS_SQL. */
function baseDocument(g: number): Omit<SeedDocument, 'notes'> {
  const itemCount = 1 + ((g * 7) % 8);
  const items: SeedDocument['items'] = [];
  for (let i = 1; i <= itemCount; i += 1) {
    items.push({
      sku: `sku-${(g * 13 + i) % 5000}`,
      qty: 1 + ((g * 31 + i * 17) % 20),
      priceCents: 100 + ((((g % 99900) * PRICE_MULTIPLIER_MOD) % 99900) + i * 40503) % 99900,
    });
  }
  const tags: string[] = [];
  for (let t = 1; t <= 1 + (g % 4); t += 1) tags.push(`tag-${(g + t * 11) % 50}`);
  return {
    customer: {
      name: `customer-${g % 997}`,
      tier: g % 3,
      address: { city: `city-${g % 101}`, zip: String((g * 7919) % 100000).padStart(5, '0') },
    },
    items,
    tags,
    meta: { version: 1 + (g % 7), source: 'rowmeter-seed' },
  };
}

/** The padding of row `g`: md5(g) repeated, cut to what brings the document to about `payloadBytes`. */
function notesFor(g: number, payloadBytes: number, baseText: string): string {
  const wanted = Math.max(0, payloadBytes - Buffer.byteLength(baseText) - 12);
  const hash = createHash('md5').update(String(g)).digest('hex');
  return hash.repeat(Math.floor(payloadBytes / 32) + 1).slice(0, wanted);
}

/** The document of row `g` as an object (for libraries that insert objects). */
export function documentObject(g: number, payloadBytes: number): SeedDocument {
  const base = baseDocument(g);
  return { ...base, notes: notesFor(g, payloadBytes, jsonbText(base)) };
}

/**
 * The document of row `g` as PostgreSQL prints it (`data::text`), written directly in jsonb's
 * key order (meta, tags, items, notes, customer; inside them likewise) rather than through
 * {@link jsonbText}: seeding writes millions of these. A test holds the two equal.
 */
export function documentText(g: number, payloadBytes: number): string {
  const itemCount = 1 + ((g * 7) % 8);
  let items = '';
  for (let i = 1; i <= itemCount; i += 1) {
    const qty = 1 + ((g * 31 + i * 17) % 20);
    const price = 100 + ((((g % 99900) * PRICE_MULTIPLIER_MOD) % 99900) + i * 40503) % 99900;
    items += `${i === 1 ? '' : ', '}{"qty": ${qty}, "sku": "sku-${(g * 13 + i) % 5000}", "priceCents": ${price}}`;
  }
  let tags = '';
  for (let t = 1; t <= 1 + (g % 4); t += 1) tags += `${t === 1 ? '' : ', '}"tag-${(g + t * 11) % 50}"`;
  const meta = `{"source": "rowmeter-seed", "version": ${1 + (g % 7)}}`;
  const zip = String((g * 7919) % 100000).padStart(5, '0');
  const customer = `{"name": "customer-${g % 997}", "tier": ${g % 3}, "address": {"zip": "${zip}", "city": "city-${g % 101}"}}`;
  const base = `{"meta": ${meta}, "tags": [${tags}], "items": [${items}], "customer": ${customer}}`;
  const notes = notesFor(g, payloadBytes, base);
  return `{"meta": ${meta}, "tags": [${tags}], "items": [${items}], "notes": "${notes}", "customer": ${customer}}`;
}

/** Escapes a value for COPY's text format: backslash, tab, newline and carriage return. */
export function copyTextEscape(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** One line of `COPY rowmeter_rows (id, data, field) FROM STDIN` (text format): the row, `field` unset (-1). */
export function copyTextLine(g: number, payloadBytes: number): string {
  return `${g}\t${copyTextEscape(documentText(g, payloadBytes))}\t-1\n`;
}
