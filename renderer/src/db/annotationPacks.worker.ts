/**
 * Rebuilds a project's missing annotation packs off the window's thread (annotationPacksRebuild.ts:
 * slices of a few documents, one read-write transaction each); the window ends it to stop.
 */
import { rebuildMissingPacks, type PackRebuildJob, type PackRebuildReply } from './annotationPacksRebuild.ts';
import { AppDb } from './db.ts';

const post = (reply: PackRebuildReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (event: MessageEvent<PackRebuildJob>) => {
  const db = new AppDb(event.data.dbName);
  rebuildMissingPacks(db, event.data.projectId)
    .done.then(
      (documents) => post({ type: 'done', documents }),
      (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => db.close());
};
