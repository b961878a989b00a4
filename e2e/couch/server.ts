/**
 * A CouchDB-compatible server for the end-to-end tests: `pouchdb-server --in-memory` (an npm dev
 * dependency, no native build) on 127.0.0.1, started by Playwright's global setup and stopped in
 * its teardown. Port: COUCH_TEST_PORT (default 5991). The team: alice (owner of the databases the
 * tests make, their admin), bob (annotator), rita and remy (role `reviewer`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COUCH_PORT = Number(process.env.COUCH_TEST_PORT ?? 5991);
export const COUCH_URL = `http://127.0.0.1:${COUCH_PORT}`;
export const ADMIN = { user: 'admin', password: 'admin-secret' };
export const TEAM = {
  alice: { password: 'alice-pw', roles: [] as string[] },
  bob: { password: 'bob-pw', roles: [] as string[] },
  rita: { password: 'rita-pw', roles: ['reviewer'] },
  remy: { password: 'remy-pw', roles: ['reviewer'] },
};

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A CouchDB reply as the specs read it: `rows` of _all_docs, other fields as sent. */
export interface CouchReply {
  rows: { id: string; doc: { record?: { layer?: string; [field: string]: unknown } } }[];
  [field: string]: unknown;
}

export async function couch(
  method: string,
  path: string,
  body?: unknown,
  auth = ADMIN,
): Promise<{ status: number; body: CouchReply | null }> {
  const res = await fetch(`${COUCH_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: basic(auth.user, auth.password) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Starts the server and makes the team's users; resolves once it answers. */
export async function startCouch(): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'claimscope-couch-'));
  const bin = fileURLToPath(new URL('./pouchdb-server.mjs', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--in-memory', '--no-stdout-logs', '-p', String(COUCH_PORT), '-o', '127.0.0.1'],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${COUCH_URL}/`);
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`pouchdb-server did not answer on ${COUCH_URL} within 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await fetch(`${COUCH_URL}/_config/admins/${ADMIN.user}`, { method: 'PUT', body: JSON.stringify(ADMIN.password) });
  for (const [name, { password, roles }] of Object.entries(TEAM)) {
    await couch('PUT', `/_users/org.couchdb.user:${name}`, { name, password, roles, type: 'user' });
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh team database: every member may read and write. With `rules`, alice administers it,
 * so the app installs its access rules (design document) when she puts a project there.
 */
export async function createTeamDatabase(name: string, rules = true): Promise<void> {
  const created = await couch('PUT', `/${name}`);
  if (created.status !== 201) throw new Error(`could not create ${name}: ${JSON.stringify(created.body)}`);
  await couch('PUT', `/${name}/_security`, {
    admins: { names: rules ? ['alice'] : [], roles: [] },
    members: { names: Object.keys(TEAM), roles: [] },
  });
}
