/**
 * Team projects: connecting a local project to a CouchDB database (*Put this project on the
 * server*), making a new local project from one (*Join a team project*), *Disconnect* (all local
 * data stays), and running the replication of the open project. One instance per app.
 */
import type { AppDb } from '../db/db.ts';
import type { Workspace } from '../app/workspace.ts';
import { newProjectId } from '../../core/model/ids.ts';
import { SYNCED_TABLES, keyOfRecord } from './mapping.ts';
import type { SyncEngine } from './engine.ts';
import type { SyncStatus } from './status.ts';
import type { OutboxRecord, SyncConnectionRecord } from './outbox.ts';
import type { ConnectionCheck, Credentials, ServerAddress } from './remote.ts';
import type { SecretStore } from './credentials.ts';

export type TeamState =
  | { kind: 'local' }
  | { kind: 'needs-password'; connection: SyncConnectionRecord }
  | { kind: 'connected'; connection: SyncConnectionRecord; status: SyncStatus };

export class TeamSync {
  private engine: SyncEngine | null = null;
  private unsubscribeEngine: (() => void) | null = null;
  private state: TeamState = { kind: 'local' };
  private listeners = new Set<() => void>();
  private current: string | null = null;

  constructor(
    private readonly db: AppDb,
    private readonly workspace: Workspace,
    private readonly secrets: SecretStore,
  ) {}

  getState = (): TeamState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(state: TeamState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }

  /** Follows the open project: stops the previous replication and starts this one's, if connected. */
  async open(projectId: string | null): Promise<void> {
    if (projectId === this.current) return;
    this.current = projectId;
    await this.stopEngine();
    if (!projectId) return this.setState({ kind: 'local' });
    const connection = await this.db.syncConnections.get(projectId);
    if (!connection) return this.setState({ kind: 'local' });
    const password = await this.secrets.get(projectId);
    if (password === null) return this.setState({ kind: 'needs-password', connection });
    await this.startEngine(connection, { user: connection.user, password });
  }

  /** After the password was asked again (a new session): starts the replication. */
  async unlock(password: string, remember: boolean): Promise<void> {
    if (this.state.kind !== 'needs-password') return;
    const { connection } = this.state;
    await this.secrets.set(connection.projectId, password, remember);
    await this.startEngine(connection, { user: connection.user, password });
  }

  /**
   * Puts a local project on the server: records the connection and queues every record of the
   * project in one transaction, installs the access rules when the user may, and starts.
   */
  async putOnServer(
    projectId: string,
    address: ServerAddress,
    c: Credentials,
    check: Extract<ConnectionCheck, { ok: true }>,
    remember: boolean,
  ): Promise<void> {
    if (check.dbAdmin) await (await import('./remote.ts')).installDesignDocument(address, c, check.user);
    const connection = this.connectionOf(projectId, address, c);
    const tables = SYNCED_TABLES.map((t) => this.db.table(t));
    await this.db.transaction('rw', [this.db.syncConnections, this.db.syncOutbox, ...tables], async () => {
      await this.db.syncConnections.put(connection);
      const rows: OutboxRecord[] = [];
      for (const table of SYNCED_TABLES) {
        if (table === 'projects') {
          rows.push({ projectId, table, key: projectId, deleted: 0 });
          continue;
        }
        const t = this.db.table(table);
        const records = await t.where('projectId').equals(projectId).toArray();
        for (const r of records) rows.push({ projectId, table, key: keyOfRecord(table, r), deleted: 0 });
      }
      await this.db.syncOutbox.bulkAdd(rows);
    });
    await this.secrets.set(projectId, c.password, remember);
    this.current = projectId;
    await this.stopEngine();
    await this.startEngine(connection, c);
  }

  /** Makes a new local project replicating the team's database; its schema and documents arrive. */
  async join(address: ServerAddress, c: Credentials, remember: boolean): Promise<string> {
    const projectId = newProjectId();
    const at = new Date().toISOString();
    const { DEFAULT_SCHEMA } = await import('../../core/model/schema.ts');
    // Written as incoming (with a checkpoint) so the placeholder never goes to the server.
    await this.db.transaction('rw', [this.db.projects, this.db.syncConnections, this.db.syncCheckpoints], async () => {
      await this.db.projects.add({ id: projectId, name: address.database, schema: DEFAULT_SCHEMA, createdAt: at, updatedAt: at });
      await this.db.syncConnections.put(this.connectionOf(projectId, address, c));
      await this.db.syncCheckpoints.put({ projectId, seq: 0 });
    });
    await this.secrets.set(projectId, c.password, remember);
    return projectId;
  }

  /**
   * Stops replicating; every local record stays, and the changes still waiting are dropped with
   * the connection. Resolves the server's origin when no other project uses it any more.
   */
  async disconnect(projectId: string): Promise<string | null> {
    const connection = await this.db.syncConnections.get(projectId);
    const engine = this.engine?.connection.projectId === projectId ? this.engine : null;
    this.unsubscribeEngine?.();
    this.unsubscribeEngine = null;
    this.engine = null;
    await engine?.destroyReplica();
    await this.db.transaction('rw', [this.db.syncConnections, this.db.syncOutbox, this.db.syncCheckpoints], async () => {
      await this.db.syncConnections.delete(projectId);
      await this.db.syncOutbox.where('projectId').equals(projectId).delete();
      await this.db.syncCheckpoints.delete(projectId);
    });
    await this.secrets.delete(projectId);
    if (this.current === projectId) this.setState({ kind: 'local' });
    if (!connection) return null;
    const origin = new URL(connection.url).origin;
    const others = await this.db.syncConnections.filter((c) => new URL(c.url).origin === origin).count();
    return others ? null : origin;
  }

  get activeEngine(): SyncEngine | null {
    return this.engine;
  }

  private connectionOf(projectId: string, address: ServerAddress, c: Credentials): SyncConnectionRecord {
    return {
      projectId,
      url: address.url.trim().replace(/\/+$/, ''),
      database: address.database,
      user: c.user,
      connectedAt: new Date().toISOString(),
    };
  }

  private async startEngine(connection: SyncConnectionRecord, c: Credentials): Promise<void> {
    // The engine and PouchDB load on the first connection: a local project's start never needs them.
    const { SyncEngine } = await import('./engine.ts');
    const engine = new SyncEngine(this.db, connection, c, () => void this.workspace.reloadAfterSync());
    this.engine = engine;
    this.unsubscribeEngine = engine.subscribe(() => {
      if (this.engine === engine) this.setState({ kind: 'connected', connection, status: engine.getStatus() });
    });
    this.setState({ kind: 'connected', connection, status: engine.getStatus() });
    // Annotations made while connected go to the layer named after the server user.
    if (this.workspace.getState().annotator !== c.user) await this.workspace.setAnnotator(c.user);
    await engine.start();
  }

  private async stopEngine(): Promise<void> {
    this.unsubscribeEngine?.();
    this.unsubscribeEngine = null;
    const engine = this.engine;
    this.engine = null;
    await engine?.stop();
  }
}
