export { connectDrizzle, NO_ITERATOR_NOTE, withPoolClient } from '../../libraries/drizzle.js';

export const COPY_NOTE =
  "drizzle has no COPY API, but runs on the pg.Pool its user creates and hands it: a client of that pool runs pg-copy-streams, the same COPY as pg/copy.";
