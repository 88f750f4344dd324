export { connectKnex, withPgConnection } from '../../libraries/knex.js';

/** knex's stream is pg-query-stream piped into knex's own object-mode Transform. */
export const STREAM_TRANSFORM_NOTE = "knex pipes the pg-query-stream into its own object-mode Transform, which buffers up to 16 more rows.";
