import { countLines, type ExportFile } from '../workload.js';
import type { ScenarioContext } from '../../types.js';
import type { Sql } from '../../libraries/postgres-js.js';

export { connectPostgresJs, COUNTING_NOTE, type Sql } from '../../libraries/postgres-js.js';

export const CURSOR_NOTE =
  "postgres.js streams with sql`…`.cursor(n), n rows per round trip (default 1; --batch-size is passed). Not .forEach: it hands rows over as they arrive without waiting for the callback, so a slow file would queue the table in memory.";

/**
 * postgres.js's own COPY: `sql.unsafe(COPY … TO STDOUT).readable()`, its chunks written to the
 * file with backpressure, each chunk's newlines reported as rows.
 */
export async function copyIntoFileWithPostgresJs(sql: Sql, statement: string, file: ExportFile, context: Pick<ScenarioContext, 'rowsProcessed'>): Promise<void> {
  const readable = await sql.unsafe(statement).readable();
  for await (const chunk of readable as AsyncIterable<Buffer>) {
    await file.write(chunk);
    context.rowsProcessed(countLines(chunk));
  }
}
