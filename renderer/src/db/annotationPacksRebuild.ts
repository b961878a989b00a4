/**
 * Annotation packs (annotationPacks.ts) rebuilt in the background, so that the first Agreement
 * view after bulk writes (a bundle added, a sync, a restore, an import: each drops the packs of
 * every document whose annotations it wrote) does not build them all while the researcher waits.
 *
 * {@link keepPacksBuilt} watches the open project (the app watches one whose documents hold two
 * annotator layers or more: {@link comparesLayers}): whenever annotations are written (in this
 * window or a worker: Dexie's `storagemutated` event crosses them), any rebuild under way stops,
 * and once annotations have been left alone for a while, if many packs are missing (a bulk write
 * dropped them; an edit's one is left to the view), they are rebuilt in a
 * worker (annotationPacks.worker.ts, so the window's thread does none of it), a few documents per
 * slice. Each slice is {@link buildPacks}: reading the rows and writing the packs in one
 * read-write transaction, so a write that lands during the rebuild either commits first (and is
 * read) or after (and its middleware deletes the pack): a pack is never stale. Stopping ends the
 * worker; the slice it was in aborts whole.
 */
import Dexie from 'dexie';
import { isAnnotatorLayer } from '../../core/review/blind.ts';
import { startWorkerJob } from '../platform/workerJob.ts';
import { buildPacks, documentsWithoutPacks } from './annotationPacks.ts';
import type { AppDb } from './db.ts';
import { storedCounts } from './projectCounts.ts';

/** Calls `run` when the window is idle; the function returned forgets it. */
export type IdleScheduler = (run: () => void) => () => void;

/** The window's idle callbacks (a timer where there are none: in a worker, in Node). */
export const whenIdle: IdleScheduler = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => run());
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

/**
 * Documents per slice: reading ~1,000 annotations (the bench corpus's 50 per layer × 5 layers × 4)
 * keeps the transaction that holds the annotations (so the Workspace's next write waits) brief.
 */
export const DOCUMENTS_PER_SLICE = 4;

/**
 * How long annotations must be left alone before a rebuild starts: a bulk write's batches come
 * faster, and a pause in editing (each edit drops its document's pack) rarely starts a worker.
 */
export const QUIET_MS = 5000;

/**
 * Fewer packs missing than this are left to the Agreement view, which builds them as it reads
 * (a few milliseconds each): an edit drops one pack, and a pause in editing must not start a worker.
 */
export const MIN_MISSING = 25;

/** How many of the project's documents have no pack: two counts, no rows read. */
async function missingPacks(db: AppDb, projectId: string): Promise<number> {
  const [counts, packed] = await Promise.all([
    storedCounts(db, projectId),
    db.annotationPacks.where('projectId').equals(projectId).count(),
  ]);
  return counts.documents - packed;
}

/** Whether agreement means something in a project: its documents hold two annotator layers or more. */
export function comparesLayers(documents: readonly { layers: readonly string[] }[]): boolean {
  let first: string | undefined;
  for (const d of documents)
    for (const layer of d.layers) {
      if (!isAnnotatorLayer(layer)) continue;
      if (first === undefined) first = layer;
      else if (layer !== first) return true;
    }
  return false;
}

export interface PackRebuild {
  /** Stops before the next slice (the one in flight commits or not, whole). */
  stop(): void;
  /** How many documents got a pack; settles when all have, or when stopped. */
  done: Promise<number>;
}

/** Builds the project's missing packs, one slice at a time, each when the window is idle. */
export function rebuildMissingPacks(
  db: AppDb,
  projectId: string,
  { idle = whenIdle, perSlice = DOCUMENTS_PER_SLICE }: { idle?: IdleScheduler; perSlice?: number } = {},
): PackRebuild {
  let stopped = false;
  let wake: (() => void) | null = null;
  let forget = () => {};
  const waitForIdle = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      forget = idle(resolve);
    });
  const done = (async () => {
    let built = 0;
    await waitForIdle();
    if (stopped) return built;
    const missing = await documentsWithoutPacks(db, projectId);
    for (let i = 0; i < missing.length && !stopped; i += perSlice) {
      await waitForIdle();
      if (stopped) break;
      // Those packed meanwhile (the Agreement view builds what it finds missing) are left alone.
      const slice = missing.slice(i, i + perSlice);
      const packed = new Set(await db.annotationPacks.where('documentId').anyOf(slice).primaryKeys());
      const unpacked = slice.filter((id) => !packed.has(id));
      if (unpacked.length > 0) built += (await buildPacks(db, projectId, unpacked)).length;
    }
    return built;
  })();
  return {
    stop() {
      stopped = true;
      forget();
      wake?.();
    },
    done,
  };
}

/** What the packs worker is asked, and answers. */
export interface PackRebuildJob {
  dbName: string;
  projectId: string;
}
export type PackRebuildReply = { type: 'done'; documents: number } | { type: 'error'; message: string };

/** {@link rebuildMissingPacks} in a worker (in this thread where there are none, as in Node); `stop` ends the worker. */
export function rebuildInWorker(db: AppDb, projectId: string): PackRebuild {
  let stopped = false;
  const job = startWorkerJob<number, never, PackRebuildReply>({ dbName: db.name, projectId } satisfies PackRebuildJob, {
    createWorker: () => new Worker(new URL('./annotationPacks.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-packs' }),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.documents } : null),
    inThread: () => (stopped ? 0 : rebuildMissingPacks(db, projectId).done),
    cancelled: () => new Error('The rebuild of the annotation packs was stopped.'),
    failure: 'The annotation packs could not be rebuilt.',
  });
  return {
    stop() {
      stopped = true;
      job.cancel();
    },
    done: job.result,
  };
}

/**
 * Keeps the project's packs built while it is open (see the header); `stop` ends the watch and any
 * rebuild under way. A rebuild also runs once at the start, for packs dropped before.
 */
export function keepPacksBuilt(
  db: AppDb,
  projectId: string,
  options: { rebuild?: typeof rebuildInWorker; quietMs?: number; minMissing?: number; onRebuilt?: (documents: number) => void } = {},
): () => void {
  const quietMs = options.quietMs ?? QUIET_MS;
  const minMissing = options.minMissing ?? MIN_MISSING;
  const start = options.rebuild ?? rebuildInWorker;
  const written = `idb://${db.name}/annotations/`;
  let rebuild: PackRebuild | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  let armed = 0;
  const arm = () => {
    const now = ++armed;
    rebuild?.stop();
    rebuild = null;
    clearTimeout(timer);
    timer = setTimeout(() => {
      missingPacks(db, projectId).then(
        (missing) => {
          // A write since, or the watch ended, while counting: that write's own timer decides.
          if (now !== armed || ended || missing < minMissing) return;
          const run = (rebuild = start(db, projectId));
          run.done.then(
            (n) => run === rebuild && !ended && options.onRebuilt?.(n),
            () => {}, // stopped, the database closed or a write failed: the Agreement view builds what is missing
          );
        },
        () => {}, // the database closed: nothing to rebuild
      );
    }, quietMs);
  };
  const onMutated = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((key) => key.startsWith(written))) arm();
  };
  Dexie.on('storagemutated', onMutated);
  arm();
  return () => {
    ended = true;
    Dexie.on('storagemutated').unsubscribe(onMutated);
    clearTimeout(timer);
    rebuild?.stop();
  };
}
