/**
 * The corpus half of the `?bench=1` hook (`window.claimscopeBench.corpus`): generated articles
 * are written through the app's bulk writer and, for comparison, as plain records into a bare
 * IndexedDB object store; then search and the corpus list are timed. Articles are generated in
 * the page a batch at a time (outside the timed part), so the benchmark never ships 300 MB over
 * the DevTools protocol.
 */
import type { ProjectId } from '../../core/model/types.ts';
import { addDocuments } from '../db/documents.ts';
import { writeImport } from '../db/import.ts';
import { AppDb, strictCheckpoint } from '../db/db.ts';
import { buildTextIndex, indexWhileWriting } from '../db/textIndex.ts';
import { searchCorpus } from '../db/corpus.ts';
import { snippet } from '../../core/corpus/search.ts';
import { paragraphBlocks } from '../../core/model/text.ts';
import type { Workspace } from '../app/workspace.ts';
import { createArticleGenerator, type GeneratedArticle } from '../../../bench/lib/docgen.mjs';
import { profileImport } from './importProfile.ts';
import { ImportSession } from '../features/import/importClient.ts';
import { listPageReads, seedStartProject } from './startBench.ts';
import { seedAgreementProject } from './agreementBench.ts';
import { deleteRawDb, openRawDb, rawPut } from './rawDb.ts';

export interface WriteFigures {
  documents: number;
  /** Time spent in writes only (generation excluded). */
  ms: number;
  perSecond: number;
  /** Highest `performance.memory.usedJSHeapSize` seen after a batch (bytes), or null. */
  peakHeap: number | null;
  bytes: number;
}

const usedHeap = (): number | null => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;

async function writeInBatches(
  count: number,
  batch: number,
  seed: number,
  write: (articles: GeneratedArticle[]) => Promise<void>,
): Promise<WriteFigures> {
  const generate = createArticleGenerator(seed);
  let ms = 0;
  let bytes = 0;
  let peak: number | null = null;
  for (let done = 0; done < count;) {
    const n = Math.min(batch, count - done);
    const articles: GeneratedArticle[] = [];
    for (let i = 0; i < n; i++) articles.push(generate());
    for (const a of articles) bytes += a.text.length;
    const t0 = performance.now();
    await write(articles);
    ms += performance.now() - t0;
    done += n;
    const h = usedHeap();
    if (h !== null) peak = Math.max(peak ?? 0, h);
  }
  return { documents: count, ms, perSecond: (count / ms) * 1000, peakHeap: peak, bytes };
}

/** One script of a long animation frame (Chromium's Long Animation Frames API). */
interface LoafScript {
  invoker: string;
  invokerType: string;
  sourceFunctionName: string;
  sourceURL: string;
  duration: number;
  forcedStyleAndLayoutDuration: number;
}

/** What the longest animation frame over 100 ms spent its time on: its scripts, longest first, and its rendering. */
function describeFrame(e: PerformanceEntry & { scripts?: LoafScript[]; renderStart?: number; styleAndLayoutStart?: number }): string {
  const scripts = [...(e.scripts ?? [])].sort((a, b) => b.duration - a.duration).slice(0, 3);
  const parts = scripts.map(
    (s) =>
      `${s.invokerType} ${s.invoker || '?'}${s.sourceFunctionName ? ` → ${s.sourceFunctionName}` : ''}${s.sourceURL ? ` (${s.sourceURL.split('/').pop()})` : ''} ${Math.round(s.duration)} ms` +
      (s.forcedStyleAndLayoutDuration > 1 ? ` (forced layout ${Math.round(s.forcedStyleAndLayoutDuration)} ms)` : ''),
  );
  const render = e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
  if (render > 1) parts.push(`rendering ${render} ms`);
  return `frame of ${Math.round(e.duration)} ms: ${parts.join('; ') || 'no script attributed'}`;
}

/**
 * Long tasks (over 50 ms) of this window from now until `stop`, and where the Long Animation
 * Frames API is there, what the longest frame over 100 ms ran.
 */
function observeLongTasks(): { stop(): Promise<{ longTasks: number; longestTask: number; longestFrame?: string }> } {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  let longest: PerformanceEntry | null = null;
  const frames = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 100 && e.duration > (longest?.duration ?? 0)) longest = e;
  });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) frames.observe({ type: 'long-animation-frame' });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      frames.disconnect();
      const frame = longest as PerformanceEntry | null;
      return { longTasks: tasks.length, longestTask: Math.max(0, ...tasks), ...(frame ? { longestFrame: describeFrame(frame) } : {}) };
    },
  };
}

export function createCorpusBench(workspace: Workspace, project: () => Promise<ProjectId>) {
  const db = workspace.db;
  let rawSeq = 0;
  const rawNames: string[] = [];
  const orders = new WeakMap<readonly unknown[], Map<string, number>>();
  /** A search as the corpus browser runs it, until the best hit's snippet is cut; with the time to its ranked first page. */
  const firstResultOf = async (query: string) => {
    // One order per list, as the corpus browser keeps it (search works out each document
    // number's list position once per list).
    const docs = workspace.getState().documents;
    let order = orders.get(docs);
    if (!order) orders.set(docs, (order = new Map(docs.map((d, i) => [d.id, i]))));
    const projectId = await project();
    const t0 = performance.now();
    const result = await searchCorpus(db, projectId, query, order);
    const latency = performance.now() - t0;
    const first = result.hits[0];
    const doc = first ? await db.documents.get(first.id) : undefined;
    if (doc) snippet(doc.text, result.query);
    return { result, latency, firstResult: performance.now() - t0 };
  };
  return {
    /**
     * Imports generated articles as the import worker does: through `writeImport` (text-hash
     * de-duplication, documents and summaries, one transaction per batch) on a relaxed connection,
     * its text index built from the texts as they are written (`indexWhileWriting`), ending with
     * one strict commit; with the long tasks (over 50 ms) the window saw meanwhile.
     */
    async importGenerated(
      count: number,
      opts: { batch?: number; seed?: number } = {},
    ): Promise<WriteFigures & { longTasks: number; longestTask: number }> {
      const projectId = await project();
      const relaxed = new AppDb(db.name, { durability: 'relaxed' });
      const tasks = observeLongTasks();
      try {
        const indexer = indexWhileWriting(relaxed, projectId);
        const figures = await writeInBatches(count, opts.batch ?? 1000, opts.seed ?? 0xc0de, async (articles) => {
          const items = articles.map((a) => ({
            file: 0,
            doc: {
              title: a.title,
              text: a.text,
              blocks: paragraphBlocks(a.text),
              metadata: a.metadata,
              annotations: [],
              relations: [],
              sourceFile: 'generated',
            },
          }));
          await writeImport(relaxed, projectId, items, { by: 'bench', batchSize: items.length, onWritten: (docs) => indexer.add(docs) });
        });
        const t0 = performance.now();
        await indexer.finish();
        await strictCheckpoint(db.name, 'lastImport', { projectId });
        const ms = figures.ms + performance.now() - t0;
        return { ...figures, ms, perSecond: (count / ms) * 1000, ...(await tasks.stop()) };
      } finally {
        relaxed.close();
      }
    },

    /**
     * The text index pass after an import, on the main thread (where a search runs it): its time,
     * and the long tasks (over 50 ms) the window saw meanwhile.
     */
    async indexText(): Promise<{ ms: number; documents: number; longTasks: number; longestTask: number }> {
      const projectId = await project();
      const tasks = observeLongTasks();
      const t0 = performance.now();
      const documents = await buildTextIndex(db, projectId);
      const ms = performance.now() - t0;
      return { ms, documents, ...(await tasks.stop()) };
    },

    /**
     * An import as the app runs it: a generated JSONL file (one article per line) read and written
     * by the import worker, the list read again when it is done (as the import dialog asks), until
     * the worker has indexed every document; with the long tasks the window saw meanwhile.
     */
    async importInWorker(
      count: number,
      seed = 0xbeef,
    ): Promise<{ ms: number; documents: number; longTasks: number; longestTask: number; longestFrame?: string }> {
      const projectId = await project();
      const generate = createArticleGenerator(seed);
      const lines: string[] = [];
      for (let i = 0; i < count; i++) {
        const a = generate();
        lines.push(JSON.stringify({ text: `${a.title}\n\n${a.text}`, label: [] }));
      }
      const data = new TextEncoder().encode(lines.join('\n'));
      lines.length = 0;
      const tasks = observeLongTasks();
      const t0 = performance.now();
      const documents = await new Promise<number>((resolve, reject) => {
        let imported = 0;
        const session = new ImportSession(db.name, projectId, (m) => {
          if (m.type === 'read') session.start('bench', 'bench');
          else if (m.type === 'done') {
            imported = m.imported;
            void workspace.refreshDocuments();
            if (imported === 0) resolve(0);
          } else if (m.type === 'indexing' && m.done >= m.total) {
            session.dispose();
            resolve(imported);
          } else if (m.type === 'error') reject(new Error(m.message));
        });
        void session.read([{ name: 'generated.jsonl', data }], { csv: {}, textField: 'text', layer: 'bench' });
      });
      const ms = performance.now() - t0;
      return { ms, documents, ...(await tasks.stop()) };
    },

    /** A large project in the app's own database, opened by the next start (see startBench.ts). */
    seedStartProject: (documents: number, annotationsPerDocument: number) => seedStartProject(documents, annotationsPerDocument),

    /** A page of the last project's list read at each fraction of it, by offset, by key, and by keys only (see startBench.ts). */
    listPageReads: (fractions: number[]) => listPageReads(fractions),

    /** The agreement bench's corpus as the last project (see agreementBench.ts). */
    seedAgreementProject: (annotators: number, documents: number, annotations: number, seed: number) =>
      seedAgreementProject(annotators, documents, annotations, seed),

    /** Where an import's time goes, step by step (see importProfile.ts). */
    profileImport: (count: number, only?: 'keys') => profileImport(count, 1000, only),

    /** Adds articles (e.g. a test fixture) with the repository's bulk writer and reloads the list. */
    async addArticles(articles: { title: string; text: string; metadata?: Record<string, string> }[]): Promise<string[]> {
      const projectId = await project();
      const docs = await addDocuments(
        db,
        projectId,
        articles.map((a) => ({ title: a.title, text: a.text, blocks: paragraphBlocks(a.text), metadata: a.metadata ?? {} })),
      );
      await workspace.writeCorpus(`Add ${docs.length} documents`, async () => undefined);
      return docs.map((d) => d.id);
    },

    /** Generates the articles and writes nothing: what generating costs the other steps' CPU figures. */
    generateOnly: (count: number, opts: { batch?: number; seed?: number } = {}): Promise<WriteFigures> =>
      writeInBatches(count, opts.batch ?? 1000, opts.seed ?? 0xc0de, async () => undefined),

    /** The same articles written as plain records into a bare object store: the floor. */
    async rawWriteGenerated(count: number, opts: { batch?: number; seed?: number } = {}): Promise<WriteFigures> {
      const name = `claimscope-bench-raw-${Date.now()}-${rawSeq++}`;
      rawNames.push(name);
      const raw = await openRawDb(name);
      let id = 0;
      try {
        return await writeInBatches(count, opts.batch ?? 1000, opts.seed ?? 0xc0de, (articles) =>
          rawPut(
            raw,
            articles.map((a) => ({ id: `raw-${id++}`, ...a })),
          ),
        );
      } finally {
        raw.close();
      }
    },

    /** Deletes the databases the raw writes made. */
    async dropRawDatabases(): Promise<void> {
      for (const name of rawNames.splice(0)) {
        await deleteRawDb(name);
      }
    },

    /** Reloads the project's summaries into the corpus list (what opening the project costs). */
    async loadList(): Promise<{ ms: number; documents: number }> {
      const t0 = performance.now();
      await workspace.writeCorpus('Load corpus', async () => undefined);
      return { ms: performance.now() - t0, documents: workspace.getState().documents.length };
    },

    /**
     * Search through the repository: `latency` is the index query plus ranking; `firstResult`
     * adds reading the best hit's text and cutting its snippet (what the first row shows).
     */
    async search(query: string): Promise<{ latency: number; firstResult: number; everyHit: number; hits: number }> {
      const { result, latency, firstResult } = await firstResultOf(query);
      // Every hit in order, as search gave it before it had pages: the first page's time plus ranking the rest.
      const t1 = performance.now();
      result.all();
      return { latency, firstResult, everyHit: firstResult + performance.now() - t1, hits: result.total };
    },

    /** The first result alone (no ranking of every hit), as the corpus browser shows it: for its CPU time. */
    async searchFirst(query: string): Promise<{ firstResult: number; hits: number }> {
      const { result, firstResult } = await firstResultOf(query);
      return { firstResult, hits: result.total };
    },

    /** Types a query into the corpus search box; resolves when the first snippet is on screen. */
    async searchInUi(query: string): Promise<{ ms: number; rows: number }> {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Search documents"]');
      if (!input) throw new Error('no search box');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const clear = () => {
        setValue.call(input, '');
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      clear();
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      setValue.call(input, query);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        if (document.querySelector('[data-testid="search-snippet"] mark')) break;
        if (performance.now() - t0 > 60_000) throw new Error('no result on screen within 60 s');
      }
      const ms = performance.now() - t0;
      const rows = document.querySelectorAll('.corpus-row').length;
      clear();
      return { ms, rows };
    },

    /** A word that occurs in the generated corpus, rare or common, for the search figures. */
    sampleWords(): { rare: string; common: string; prefix: string } {
      const generate = createArticleGenerator(0xc0de);
      const counts = new Map<string, number>();
      for (let i = 0; i < 50; i++) {
        for (const w of generate()
          .text.toLowerCase()
          .match(/[a-z]{6,}/g) ?? [])
          counts.set(w, (counts.get(w) ?? 0) + 1);
      }
      const sorted = [...counts].sort((a, b) => b[1] - a[1]);
      const rare = sorted.find(([, n]) => n === 1)![0];
      return { rare, common: sorted[0]![0], prefix: sorted[0]![0].slice(0, 4) };
    },

    listContainer(): Element {
      return document.querySelector('[data-testid="corpus-scroll"]')!;
    },
  };
}
