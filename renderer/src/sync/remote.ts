/**
 * Talking to the team's CouchDB server outside replication: checking a connection (with one
 * clear sentence for each way it can fail), creating the database, installing the design
 * document that says who may write what. Credentials go only into the Authorization header of
 * requests to the configured server; they are never logged or stored here.
 */
import PouchDB from 'pouchdb-browser';
import type { CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';
import { designDocument } from './design.ts';

export interface Credentials {
  user: string;
  password: string;
}

export interface ServerAddress {
  url: string;
  database: string;
}

export type ConnectionCheck =
  | { ok: true; user: string; roles: string[]; dbAdmin: boolean; serverAdmin: boolean }
  | {
      ok: false;
      problem: 'bad-url' | 'insecure' | 'unreachable' | 'not-couchdb' | 'unauthorized' | 'forbidden' | 'missing';
      message: string;
      canCreate?: boolean;
    };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The server's origin, or a sentence saying why the URL cannot be used. */
export function checkServerUrl(
  url: string,
  allowInsecure: boolean,
): { origin: string; base: string } | { problem: 'bad-url' | 'insecure'; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { problem: 'bad-url', message: `"${url}" is not a server address (it should look like https://couch.example.org:6984).` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return { problem: 'bad-url', message: `${parsed.protocol} is not a web address: use https://.` };
  if (parsed.username || parsed.password)
    return { problem: 'bad-url', message: 'Put the user name and password in their own fields, not in the address.' };
  const loopback = LOOPBACK.has(parsed.hostname) || parsed.hostname.startsWith('127.');
  if (parsed.protocol === 'http:' && !loopback && !allowInsecure) {
    return {
      problem: 'insecure',
      message: `${parsed.host} would be reached over plain http://: the password and every annotation would travel unencrypted. Use https://, or confirm that this network is trusted.`,
    };
  }
  return { origin: parsed.origin, base: parsed.href.replace(/\/+$/, '') };
}

const authHeader = (c: Credentials) => `Basic ${btoa(unescape(encodeURIComponent(`${c.user}:${c.password}`)))}`;

async function request(
  url: string,
  c: Credentials | null,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (c) headers.Authorization = authHeader(c);
  const res = await fetch(url, { ...init, headers, credentials: 'omit' });
  let body: Record<string, unknown> | null;
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

const dbUrl = (base: string, database: string) => `${base}/${encodeURIComponent(database)}`;

/** Checks the server, the user and the database, in that order, stopping at the first problem. */
export async function testConnection(address: ServerAddress, c: Credentials, allowInsecure = false): Promise<ConnectionCheck> {
  const checked = checkServerUrl(address.url, allowInsecure);
  if ('problem' in checked) return { ok: false, problem: checked.problem, message: checked.message };
  const { base } = checked;
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(address.database)) {
    return {
      ok: false,
      problem: 'bad-url',
      message: `"${address.database}" is not a CouchDB database name: lower-case letters, digits and _$()+-/, starting with a letter.`,
    };
  }
  let root;
  try {
    root = await request(`${base}/`, null);
  } catch {
    return {
      ok: false,
      problem: 'unreachable',
      message: `${checked.origin} cannot be reached: check the address, the network, and that the server allows this app (CORS).`,
    };
  }
  if (!root.body || !('couchdb' in root.body || 'express-pouchdb' in root.body)) {
    return { ok: false, problem: 'not-couchdb', message: `${checked.origin} answers, but it is not a CouchDB server.` };
  }
  const session = await request(`${base}/_session`, c);
  if (session.status === 401)
    return { ok: false, problem: 'unauthorized', message: `The server refused the user name or password for "${c.user}".` };
  const userCtx = (session.body?.userCtx ?? { name: null, roles: [] }) as { name: string | null; roles: string[] };
  if (!userCtx.name)
    return { ok: false, problem: 'unauthorized', message: `The server refused the user name or password for "${c.user}".` };
  const serverAdmin = userCtx.roles.includes('_admin');
  const info = await request(dbUrl(base, address.database), c);
  if (info.status === 404) {
    return {
      ok: false,
      problem: 'missing',
      canCreate: serverAdmin,
      message: serverAdmin
        ? `There is no database "${address.database}" on the server yet. You may create it.`
        : `There is no database "${address.database}" on the server, and "${c.user}" may not create one: ask the server's admin.`,
    };
  }
  if (info.status === 401 || info.status === 403) {
    return {
      ok: false,
      problem: 'forbidden',
      message: `"${c.user}" is not a member of the database "${address.database}": ask its admin to add you.`,
    };
  }
  let dbAdmin = serverAdmin;
  if (!dbAdmin) {
    const security = await request(`${dbUrl(base, address.database)}/_security`, c);
    const admins = (security.body?.admins ?? {}) as { names?: string[]; roles?: string[] };
    dbAdmin =
      security.status === 200 &&
      ((admins.names ?? []).includes(userCtx.name) || (admins.roles ?? []).some((r) => userCtx.roles.includes(r)));
  }
  return { ok: true, user: userCtx.name, roles: userCtx.roles, dbAdmin, serverAdmin };
}

/** Creates the database (server admins only) with members = the creator. */
export async function createDatabase(address: ServerAddress, c: Credentials): Promise<void> {
  const base = address.url.replace(/\/+$/, '');
  const res = await request(dbUrl(base, address.database), c, { method: 'PUT' });
  if (res.status !== 201 && res.status !== 202 && res.status !== 412) {
    throw new Error(`The server did not create "${address.database}": ${String(res.body?.reason ?? res.status)}.`);
  }
}

/** Installs or updates the design document that enforces who writes what (database admins only). */
export async function installDesignDocument(address: ServerAddress, c: Credentials, owner: string): Promise<void> {
  const base = address.url.replace(/\/+$/, '');
  const url = `${dbUrl(base, address.database)}/_design/claimscope`;
  const current = await request(url, c);
  const doc = designDocument(owner);
  if (current.status === 200 && current.body?.validate_doc_update === doc.validate_doc_update) return;
  const body = JSON.stringify(current.status === 200 ? { ...doc, _rev: current.body?._rev } : doc);
  const res = await request(url, c, { method: 'PUT', body });
  if (res.status !== 201 && res.status !== 202)
    throw new Error(`The server did not accept the access rules: ${String(res.body?.reason ?? res.status)}.`);
}

/** The remote database for replication; credentials travel in the Authorization header only. */
export function remoteDatabase(connection: Pick<SyncConnectionRecord, 'url' | 'database'>, c: Credentials): PouchDB.Database<CouchDoc> {
  const base = connection.url.replace(/\/+$/, '');
  return new PouchDB<CouchDoc>(dbUrl(base, connection.database), {
    skip_setup: true,
    fetch: (url, opts) => {
      const headers = new Headers(opts?.headers);
      headers.set('Authorization', authHeader(c));
      return PouchDB.fetch(url, { ...opts, headers, credentials: 'omit' });
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
