import type pg from 'pg';

/** Opens one `pg` client. `pg` is imported here, at setup, so listing scenarios loads nothing. */
export async function connectClient(databaseUrl: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}
