import { startCouch } from './server.ts';

/** Playwright global setup: the CouchDB-compatible server; the returned function stops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startCouch();
  return () => server.stop();
}
