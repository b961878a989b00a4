/**
 * The part of PouchDB's API the sync engine uses. Declared here rather than with
 * @types/pouchdb-browser, whose pouchdb-core types declare a global `Buffer` interface that
 * breaks Node's Buffer type everywhere else in the project.
 */
declare module 'pouchdb-browser' {
  namespace PouchDB {
    namespace Core {
      interface IdMeta {
        _id: string;
      }
      interface RevisionIdMeta {
        _rev: string;
      }
      type PutDocument<T> = T & Partial<IdMeta> & Partial<RevisionIdMeta> & { _deleted?: boolean };
      type ExistingDocument<T> = T & IdMeta & RevisionIdMeta;
      interface Response {
        ok: true;
        id: string;
        rev: string;
      }
      interface Error {
        error?: string;
        status?: number;
        name?: string;
        reason?: string;
        message?: string;
        id?: string;
      }
      interface ChangesResponseChange<T> {
        id: string;
        seq: number | string;
        changes: { rev: string }[];
        deleted?: boolean;
        doc?: ExistingDocument<T> & { _conflicts?: string[]; _deleted?: boolean };
      }
      interface Changes<T> {
        on(event: 'change', listener: (change: ChangesResponseChange<T>) => void): this;
        on(event: 'error', listener: (err: unknown) => void): this;
        cancel(): void;
      }
      interface AllDocsRow {
        key: string;
        id?: string;
        value?: { rev: string; deleted?: boolean };
        error?: string;
      }
      interface AllDocsResponse<T> {
        rows: (AllDocsRow & { doc?: ExistingDocument<T> | null })[];
      }
    }
    namespace Replication {
      interface SyncChange<T> {
        direction: 'push' | 'pull';
        change: { docs: Core.ExistingDocument<T>[]; errors?: unknown[] };
      }
      /** One direction of a sync: `requestError` precedes each retry after a failed request. */
      interface Replication {
        on(event: 'paused' | 'requestError', listener: (err?: unknown) => void): this;
        on(event: 'active' | 'change', listener: () => void): this;
      }
      interface Sync<T> {
        readonly push: Replication;
        readonly pull: Replication;
        on(event: 'change', listener: (info: SyncChange<T>) => void): this;
        on(event: 'paused', listener: (err?: unknown) => void): this;
        on(event: 'active' | 'complete', listener: () => void): this;
        on(event: 'denied' | 'error', listener: (err: unknown) => void): this;
        cancel(): void;
      }
    }
    namespace Configuration {
      interface RemoteDatabaseConfiguration {
        /** The local adapter: `indexeddb` needs pouchdb-adapter-indexeddb as a plugin. */
        adapter?: 'idb' | 'indexeddb';
        skip_setup?: boolean;
        fetch?: (url: string | Request, opts?: RequestInit) => Promise<Response>;
      }
    }
    interface Database<T extends object = object> {
      /** A request to a remote database, with its credentials (HTTP adapter only). */
      fetch(path: string, opts?: RequestInit): Promise<Response>;
      info(): Promise<{ update_seq: number | string }>;
      bulkGet(opts: { docs: { id: string; rev: string }[]; revs: true }): Promise<{
        results: { id: string; docs: ({ ok: Core.PutDocument<T> } | { error: Core.Error })[] }[];
      }>;
      changes(opts: { since: number | string; live: true; include_docs: true; conflicts: true }): Core.Changes<T>;
      sync(
        remote: Database<T>,
        opts: {
          live: true;
          retry: true;
          back_off_function(delay: number): number;
          batch_size?: number;
          batches_limit?: number;
          /** Per direction: `since` starts there (and writes it as the checkpoint). */
          pull?: { since: number | string };
          push?: { since: number | string };
        },
      ): Replication.Sync<T>;
      allDocs(opts: { keys: string[]; include_docs?: boolean }): Promise<Core.AllDocsResponse<T>>;
      /** Every document, each with the other leaves of its conflict (`doc._conflicts`). */
      allDocs(opts: { include_docs: true; conflicts: true }): Promise<{
        rows: { id: string; doc?: Core.ExistingDocument<T> & { _conflicts?: string[] } }[];
      }>;
      bulkDocs(docs: Core.PutDocument<T>[], opts?: { new_edits: false }): Promise<(Core.Response | Core.Error)[]>;
      get(id: string, opts?: { conflicts?: boolean; rev?: string }): Promise<Core.ExistingDocument<T>>;
      destroy(): Promise<void>;
      close(): Promise<void>;
    }
  }
  interface PouchDBStatic {
    new <T extends object = object>(name: string, opts?: PouchDB.Configuration.RemoteDatabaseConfiguration): PouchDB.Database<T>;
    fetch(url: string | Request, opts?: RequestInit): Promise<Response>;
    plugin(plugin: unknown): PouchDBStatic;
    /** One-off replication from one database to another, resolved when done. */
    replicate<T extends object>(source: PouchDB.Database<T>, target: PouchDB.Database<T>): Promise<unknown>;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
