// Placeholder until the existing-table work lands (wip-tables); replaced by that branch's file.
import type { DatabaseCatalog } from '../database.js';
export interface ExistingTableRequest { sourceUrl: string; table: string; rows: number | null }
export interface ExistingTemplate {
  name: string;
  info: { table: string; rows: number; availableRows: number; requestedRows: number | null; tableBytes: number; copyMs: number; reused: boolean; primaryKey: string[]; leftOut: string[] };
}
export async function ensureExistingTemplate(_catalog: DatabaseCatalog, _request: ExistingTableRequest, _progress?: (doneRows: number, totalRows: number) => void): Promise<ExistingTemplate> {
  throw new Error('not yet');
}
export async function describeExistingTable(_sourceUrl: string, _table: string): Promise<unknown> {
  throw new Error('not yet');
}
