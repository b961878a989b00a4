/**
 * `?bench=1`: the hook `npm run bench` drives to measure the real app (panels included) on
 * generated documents. The database is a fresh one per page, so nothing touches the user's data.
 */
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { paragraphBlocks } from '../../core/model/text.ts';
import { newAnnotationId } from '../../core/model/ids.ts';
import { quoteOf } from '../../core/model/spans.ts';
import type { Annotation, ProjectId } from '../../core/model/types.ts';
import { createProject } from '../db/corpus.ts';
import { addDocument } from '../db/documents.ts';
import { createCorpusBench } from './corpusBench.ts';
import type { Workspace } from '../app/workspace.ts';

interface BenchDoc {
  title: string;
  text: string;
  annotations: { label: string; start: number; end: number }[];
}

declare global {
  interface Window {
    claimscopeBench?: unknown;
  }
}

export function installBenchHook(workspace: Workspace): void {
  const db = workspace.db;
  let projectId: ProjectId | null = null;
  let lastCommit: Promise<void> = Promise.resolve();
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const init = (async () => {
    const project = await createProject(db, 'Benchmark', DEFAULT_SCHEMA);
    projectId = project.id;
    await workspace.openProject(project.id);
    readyResolve();
  })();
  void init;

  window.claimscopeBench = {
    ready: () => ready,
    async seedDocument(doc: BenchDoc): Promise<string> {
      await ready;
      const record = await addDocument(db, projectId!, {
        title: doc.title,
        text: doc.text,
        blocks: paragraphBlocks(doc.text),
        metadata: {},
      });
      const at = new Date().toISOString();
      const rows: Annotation[] = doc.annotations.map((a) => ({
        id: newAnnotationId(),
        projectId: projectId!,
        documentId: record.id,
        layer: 'annotator',
        label: a.label,
        ranges: [{ start: a.start, end: a.end }],
        quote: quoteOf(doc.text, [{ start: a.start, end: a.end }]),
        attributes: {},
        note: '',
        origin: 'import',
        createdBy: 'bench',
        createdAt: at,
        updatedBy: 'bench',
        updatedAt: at,
      }));
      await db.annotations.bulkAdd(rows);
      return record.id;
    },
    async openDocument(id: string): Promise<void> {
      const drawn = workspace.whenRendered();
      await workspace.openDocument(id);
      await drawn;
    },
    /**
     * Resolves when the new annotation is drawn, as the researcher sees it (the measure is "add
     * until painted"). Its commit goes on in the background, with the status line saying
     * "Saving…" until it is done; `lastCommit` lets a caller wait for it.
     */
    async addAnnotation(a: { label: string; start: number; end: number }): Promise<void> {
      const drawn = workspace.whenRendered();
      lastCommit = workspace.addAnnotation(a.label, { start: a.start, end: a.end }).then(() => undefined);
      await drawn;
    },
    lastCommit: () => lastCommit,
    scrollContainer(): Element {
      return document.querySelector('[data-testid="article-scroll"]')!;
    },
    /** The corpus suite: bulk import, raw IndexedDB writes, search, the corpus list. */
    corpus: createCorpusBench(workspace, async () => {
      await ready;
      return projectId!;
    }),
  };
}
