import { connectToServer, DatabaseCatalog, startEmbeddedServer, type DatabaseServer } from '../../harness/run/database.js';

/**
 * A real PostgreSQL for integration tests: the server at ROWMETER_TEST_DATABASE_URL when set,
 * otherwise an embedded one started (and removed) by the test itself. Never a mock.
 */
export async function startTestServer(): Promise<{ server: DatabaseServer; catalog: DatabaseCatalog; stop: () => Promise<void> }> {
  const url = process.env.ROWMETER_TEST_DATABASE_URL;
  const server = url ? await connectToServer(url) : await startEmbeddedServer();
  const catalog = new DatabaseCatalog(server);
  return {
    server,
    catalog,
    stop: async () => {
      await catalog.dropAll();
      await server.stop();
    },
  };
}
