export { connectPrisma, CURSOR_OPTION_NOTE, NO_STREAM_NOTE, type PrismaClient } from '../../libraries/prisma.js';

/** What `findMany` selects for the export: the two columns the line holds. */
export const EXPORT_SELECT = { id: true, data: true } as const;

/** Interactive transactions time out after 5 s by default; an export takes as long as it takes. */
export const TRANSACTION_TIMEOUT_MS = 24 * 60 * 60 * 1000;
export const TRANSACTION_MAX_WAIT_MS = 60 * 1000;
