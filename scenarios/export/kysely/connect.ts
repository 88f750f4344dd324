export { connectKysely, STREAM_NOTE, withPoolClient } from '../../libraries/kysely.js';

export const COPY_NOTE = "kysely has no COPY API, but runs on the pg.Pool its user gives its PostgresDialect: a client of that pool runs pg-copy-streams, the same COPY as pg/copy.";
