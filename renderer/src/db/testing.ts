/**
 * Test helper: a database as an older release of Claimscope left it, built from the same
 * version history (`STORE_VERSIONS`) that `AppDb` declares, so migration tests cannot drift from
 * the real schema. Open it, fill it, close it, then reopen the name with `new AppDb(name)`.
 */
export { openDbAtVersion } from './db.ts';
