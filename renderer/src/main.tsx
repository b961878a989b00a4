import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './App.tsx';
import { AppDb } from './db/db.ts';
import { getSetting } from './db/settings.ts';
import { Workspace } from './app/workspace.ts';
import { detectPlatform } from './platform/index.ts';
import { checkAnnotationCounts, recordAnnotationCounts, watchVersionChange } from './db/storage.ts';
import { StorageStatusStore } from './features/storage/storageStatus.ts';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const bench = new URLSearchParams(location.search).has('bench');
  try {
    const platform = detectPlatform();
    // Desktop: every project is backed up before this release upgrades the database.
    // The code for the rare steps of a start (an upgrade's backup, a first run's sample, an
    // unfinished restore, the bench hook) loads only when a start takes them.
    if (!bench && platform.autoBackups) {
      const { backupBeforeUpgrade } = await import('./features/export/autoBackup.ts');
      await backupBeforeUpgrade(platform.autoBackups).catch((err: Error) => {
        throw new Error(`The backup before upgrading the database failed, so the database was not upgraded: ${err.message}`);
      });
    }
    const db = new AppDb(bench ? `claimscope-bench-${Date.now()}` : undefined);
    await db.open();
    startMark('database-open');
    const storage = new StorageStatusStore();
    watchVersionChange(db, () => storage.set({ versionChanged: true }));
    // Ask the browser not to evict the researcher's data under storage pressure, and say what it answered.
    navigator.storage?.persist?.().then(
      (persisted) => storage.set({ persisted }),
      () => storage.set({ persisted: false }),
    );
    // The settings, whether the database has any project, and whether a restore left one
    // unfinished, in one round of reads.
    const [annotator, snapToWords, blindMode, lastProject, lastDocument, projects, unfinished] = await Promise.all([
      getSetting<string | null>(db, 'annotator', null),
      getSetting(db, 'snapToWords', true),
      getSetting(db, 'blindMode', false),
      getSetting<string | null>(db, 'lastProjectId', null),
      getSetting<string | null>(db, 'lastDocumentId', null),
      db.projects.count(),
      db.projects.filter((p) => p.restoring !== undefined).count(),
    ]);
    // A restore this window or another did not finish (closed, crashed) left a marked project: removed.
    if (unfinished > 0) {
      await import('./db/restore.ts')
        .then(({ discardUnfinishedRestores }) => discardUnfinishedRestores(db))
        .catch((err: Error) => console.error('An unfinished restore could not be removed:', err));
    }
    startMark('settings-read');
    const workspace = new Workspace(db, {
      annotator: annotator ?? 'annotator',
      annotatorChosen: annotator !== null,
      snapToWords,
      blindMode,
    });
    if (bench) {
      (await import('./bench/benchHook.ts')).installBenchHook(workspace);
    } else {
      const seeded = projects > 0 ? null : await seedSample(db);
      const projectId =
        seeded?.project.id ??
        (lastProject && (await db.projects.get(lastProject))
          ? lastProject
          : (
              await db.projects
                .orderBy('updatedAt')
                .filter((p) => p.restoring === undefined)
                .first()
            )?.id);
      // The app is drawn at once; the project's list shows as soon as its first page is read, and
      // the last document (or the first) opens meanwhile.
      const opening = projectId
        ? workspace.openProject(projectId, seeded?.document.id ?? lastDocument ?? undefined).catch((err: Error) => showFatal(root, err))
        : Promise.resolve();
      // Counting every project's annotations reads all document summaries: after the first paint
      // and once the open project's list is complete (a large one is read in the background).
      void opening
        .then(() => workspace.whenListed())
        .then(() => {
          startMark('list-complete');
          setTimeout(() => {
            checkAnnotationCounts(db).then(
              (drops) => storage.set({ drops }),
              (err: Error) => console.error('The annotation counts could not be checked:', err),
            );
          }, 0);
        });
      followSaves(workspace, storage);
    }
    root.render(
      <StrictMode>
        <App workspace={workspace} platform={platform} storage={storage} />
      </StrictMode>,
    );
  } catch (err) {
    showFatal(root, err as Error);
  }
}

/** A first start: the sample project and article (their code and files load only then). */
async function seedSample(db: AppDb) {
  const [{ seedIfEmpty }, { loadSeeds }] = await Promise.all([import('./db/seed.ts'), import('./db/seedFiles.ts')]);
  return seedIfEmpty(db, loadSeeds());
}

/** The start's steps as User Timing marks (`claimscope:start:…`), which the start bench reports. */
function startMark(step: string): void {
  performance.mark(`claimscope:start:${step}`);
}

function showFatal(root: Root, err: Error): void {
  console.error(err);
  root.render(
    <div className="fatal" role="alert">
      <h1>Claimscope could not open its database</h1>
      <p>{err.message}</p>
      <p>Your data has not been changed. Close other Claimscope windows and reload.</p>
    </div>,
  );
}

/**
 * After each saved change, records the projects' annotation counts (shortly, once a burst of
 * changes ends), so the next start compares against counts that include the user's own deletions;
 * a change refused for lack of space stays in the banner until dismissed.
 */
function followSaves(workspace: Workspace, storage: StorageStatusStore): void {
  let last = workspace.getState().save;
  let timer: ReturnType<typeof setTimeout> | undefined;
  workspace.subscribe(() => {
    const save = workspace.getState().save;
    if (save === last) return;
    last = save;
    if (save.kind === 'error' && save.storageFull) storage.set({ full: save.message });
    if (save.kind !== 'saved') return;
    clearTimeout(timer);
    const projectId = workspace.getState().project?.id;
    timer = setTimeout(() => void recordAnnotationCounts(workspace.db, projectId).catch(() => undefined), 500);
  });
}

void start();
