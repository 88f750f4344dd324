export { connectTypeorm, STREAM_BATCH_NOTE, STREAM_RAW_NOTE, withPgClient, type RawStreamRow } from '../../libraries/typeorm.js';

/** What `find()` selects for the export: the two columns the line holds, as entities. */
export const EXPORT_SELECT = { id: true, data: true } as const;
