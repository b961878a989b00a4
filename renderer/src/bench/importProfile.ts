/**
 * Where an import's time goes (issue #16): the same generated articles pushed through each step
 * of the import on its own — hashing, building records, summaries, tokenising into posting
 * lists, structured cloning — and written with more and more of what an import writes, under
 * strict and relaxed durability, with and without the sync outbox middleware. Each step is timed
 * over the whole sample, generation excluded; every write step writes into its own project of a
 * separate database, so steps never see each other's rows.
 */
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { sha256Hex } from '../../core/model/hash.ts';
import { newDocument } from '../../core/model/records.ts';
import { paragraphBlocks } from '../../core/model/text.ts';
import { summarize } from '../../core/corpus/browse.ts';
import type { DocumentRecord, ProjectId } from '../../core/model/types.ts';
import { timeOrderedId } from '../../core/model/ids.ts';
import { nanoid } from 'nanoid';
import { AppDb, openDbAtVersion, STORE_VERSIONS, WRITE_PATH_MIDDLEWARES } from '../db/db.ts';
import { createProject } from '../db/corpus.ts';
import { existingHashes, writeImport } from '../db/import.ts';
import { corpusIndexTables } from '../db/summaries.ts';
import { blocksOf, buildTextIndex, indexWhileWriting, newChunk, tokeniseInto, TEXT_INDEX_CHUNK } from '../db/textIndex.ts';
import { createArticleGenerator, type GeneratedArticle } from '../../../bench/lib/docgen.mjs';
import { deleteRawDb, openRawDb, openRawStores, rawPut, rawPutMany, type RawStore } from './rawDb.ts';

export interface ProfileStep {
  step: string;
  ms: number;
  /** CPU seconds of every browser process meanwhile (the bench's `claimscopeBenchCpu`), where the page has it. */
  cpu?: number;
  /** Of them, the renderer's (the page, its workers, structured cloning, Blink's IndexedDB client). */
  cpuRenderer?: number;
}

interface Timed {
  ms: number;
  cpu?: number;
  cpuRenderer?: number;
}

type CpuReader = 'claimscopeBenchCpu' | 'claimscopeBenchCpuRenderer';

/** CPU seconds from the bench runner (corpus.mjs exposes them): the browser's, or its renderer's; undefined outside the bench. */
const cpuNow = async (which: CpuReader = 'claimscopeBenchCpu'): Promise<number | undefined> => {
  const read = (globalThis as Partial<Record<CpuReader, () => Promise<number | null>>>)[which];
  return read ? ((await read()) ?? undefined) : undefined;
};

export interface ImportProfile {
  documents: number;
  batch: number;
  /** Bytes of article text, and of the text posting lists' document ids, per 1,000 documents. */
  textBytesPer1000: number;
  postingIdBytesPer1000: number;
  /** Characters of a document id. */
  idLength: number;
  postingRowsPer1000: number;
  steps: ProfileStep[];
}

const time = async (f: () => unknown): Promise<Timed> => {
  const [cpu0, page0] = [await cpuNow(), await cpuNow('claimscopeBenchCpuRenderer')];
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  const [cpu1, page1] = [await cpuNow(), await cpuNow('claimscopeBenchCpuRenderer')];
  return {
    ms,
    ...(cpu0 === undefined || cpu1 === undefined ? {} : { cpu: cpu1 - cpu0 }),
    ...(page0 === undefined || page1 === undefined ? {} : { cpuRenderer: page1 - page0 }),
  };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median wall and CPU times of each variant's runs, as one step each. */
const medianSteps = (names: readonly string[], runs: readonly Timed[][]): ProfileStep[] =>
  names.map((name, v) => {
    const cpus = runs[v]!.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
    const pages = runs[v]!.flatMap((r) => (r.cpuRenderer === undefined ? [] : [r.cpuRenderer]));
    return {
      step: runs[v]!.length > 1 ? `${name} (median of ${runs[v]!.length})` : `${name} (one run)`,
      ms: median(runs[v]!.map((r) => r.ms)),
      ...(cpus.length ? { cpu: median(cpus) } : {}),
      ...(pages.length ? { cpuRenderer: median(pages) } : {}),
    };
  });

/**
 * What the order of the keys costs: the raw articles and the app's document records put with bare
 * IndexedDB (one store, no secondary index, a fresh database each time) under nanoids (random),
 * sequential keys (the floor's) and time-ordered ids (a millisecond timestamp, then randomness),
 * each key made as its batch is written; the variants in an order rotated by two in each of `reps`
 * rounds, so that each runs early, midway and late once in three (a deleted database's compaction
 * lands in the runs after it).
 */
async function keyOrderSteps(
  batches: readonly (readonly object[])[],
  docs: readonly (readonly DocumentRecord[])[],
  dbName: string,
  reps: number,
) {
  const keys: [string, (n: number) => string][] = [
    ['nanoid() (random, the app’s ids before)', () => nanoid()],
    ['sequential (the floor’s `raw-N`)', (n) => `raw-${n}`],
    ['time-ordered (timestamp + 84 random bits)', () => timeOrderedId()],
  ];
  const records: [string, readonly (readonly object[])[]][] = [
    ['raw articles', batches],
    ['document records', docs],
  ];
  const variants = records.flatMap(([what, rows]) => keys.map(([how, key]) => ({ name: `key order: ${what} keyed ${how}`, rows, key })));
  const runs = variants.map(() => [] as Timed[]);
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (k + 2 * rep) % variants.length;
      const { rows, key } = variants[v]!;
      const name = `${dbName}-keys-${v}-${rep}`;
      const db = await openRawDb(name);
      let n = 0;
      runs[v]!.push(
        await time(async () => {
          for (const b of rows)
            await rawPut(
              db,
              b.map((r) => ({ ...r, id: key(n++) })),
            );
        }),
      );
      db.close();
      await deleteRawDb(name);
    }
  }
  return medianSteps(
    variants.map((v) => v.name),
    runs,
  );
}

/** SHA-256 of `text` in hex, natively. */
const hashHex = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

/**
 * Profiles `count` generated articles in batches of `batch` (one transaction each); `only: 'keys'`
 * runs the floor and the key-order steps alone (what a profile of 100,000 documents can afford).
 */
export async function profileImport(count: number, batch = 1000, only?: 'keys'): Promise<ImportProfile> {
  const generate = createArticleGenerator(0xfeed);
  const batches: GeneratedArticle[][] = [];
  for (let done = 0; done < count; done += batch) {
    const b: GeneratedArticle[] = [];
    for (let i = 0; i < Math.min(batch, count - done); i++) b.push(generate());
    batches.push(b);
  }
  const inputs = batches.map((b) =>
    b.map((a) => ({ title: a.title, text: a.text, blocks: paragraphBlocks(a.text), metadata: a.metadata })),
  );
  const steps: ProfileStep[] = [];
  const step = (name: string, t: Timed) => steps.push({ step: name, ...t });

  const stamp = new Date().toISOString();
  const dbName = `claimscope-profile-${Date.now()}`;
  const strict = new AppDb(dbName);
  const relaxed = new AppDb(dbName, { durability: 'relaxed' });
  // The relaxed connection without the write path's middlewares: what they cost together.
  const bare = new AppDb(dbName, { durability: 'relaxed' });
  for (const { name } of WRITE_PATH_MIDDLEWARES) bare.unuse({ stack: 'dbcore', name: name! });
  await strict.open();
  await relaxed.open();
  await bare.open();
  const plain = openDbAtVersion(dbName, STORE_VERSIONS[STORE_VERSIONS.length - 1]!.version);
  await plain.open();
  const rawName = `${dbName}-raw`;
  const raw = await openRawDb(rawName);
  try {
    const project = async () => (await createProject(strict, 'Profile', DEFAULT_SCHEMA)).id as ProjectId;
    const records = async () => {
      const projectId = await project();
      return inputs.map((b) => b.map((input) => newDocument(projectId, input, stamp, sha256Hex(input.text))));
    };

    let id = 0;
    step(
      'raw IndexedDB put of the articles (floor)',
      await time(async () => {
        for (const b of batches)
          await rawPut(
            raw,
            b.map((a) => ({ id: `raw-${id++}`, ...a })),
          );
      }),
    );
    {
      const pidk = 'keys' as ProjectId;
      const keyDocs = [];
      for (const b of inputs) keyDocs.push(await Promise.all(b.map(async (d) => newDocument(pidk, d, stamp, await hashHex(d.text)))));
      steps.push(...(await keyOrderSteps(batches, keyDocs, dbName, 3)));
    }
    const textBytesPer1000 = (inputs.flat().reduce((n, d) => n + d.text.length, 0) * 1000) / count;
    if (only === 'keys')
      return { documents: count, batch, textBytesPer1000, postingIdBytesPer1000: 0, idLength: 21, postingRowsPer1000: 0, steps };
    step(
      'hash (SHA-256, @noble/hashes)',
      await time(() => {
        for (const b of inputs) for (const d of b) sha256Hex(d.text);
      }),
    );
    const hashed = inputs.map((b) => b.map((d) => sha256Hex(d.text)));
    step(
      'hash (SHA-256, crypto.subtle)',
      await time(async () => {
        const enc = new TextEncoder();
        for (const b of inputs) await Promise.all(b.map((d) => crypto.subtle.digest('SHA-256', enc.encode(d.text))));
      }),
    );
    const pid = 'p' as ProjectId;
    step(
      'document records (validation, blocks)',
      await time(() => {
        inputs.forEach((b, i) => b.forEach((d, j) => newDocument(pid, d, stamp, hashed[i]![j])));
      }),
    );
    const docs = await records();
    step(
      'summaries',
      await time(() => {
        for (const b of docs) for (const d of b) summarize(d, []);
      }),
    );
    let postingIds = 0;
    let postingRows = 0;
    // Word rows as the import builds them: per chunk of TEXT_INDEX_CHUNK documents.
    const allDocs = docs.flat();
    const chunkDocs: (typeof allDocs)[] = [];
    for (let i = 0; i < allDocs.length; i += TEXT_INDEX_CHUNK) chunkDocs.push(allDocs.slice(i, i + TEXT_INDEX_CHUNK));
    const tokenised = (b: readonly { id: string; title: string; text: string }[]) => {
      const chunk = newChunk();
      for (const d of b) tokeniseInto(chunk, d.id, d.title, d.text);
      return blocksOf(chunk, 'p');
    };
    step(
      'text and title tokens → word rows (document numbers in Uint32Arrays, grouped)',
      await time(() => {
        for (const b of chunkDocs) {
          const rows = tokenised(b);
          postingRows += rows.length;
          for (const r of rows) postingIds += r.docs.length + r.frequent.length + r.titles.length;
        }
      }),
    );
    const idLength = docs[0]![0]!.id.length;
    step(
      'structured clone of document records',
      await time(() => {
        for (const b of docs) structuredClone(b);
      }),
    );
    const chunks = chunkDocs.map(tokenised);
    step(
      'structured clone of the word rows',
      await time(() => {
        for (const c of chunks) structuredClone(c);
      }),
    );

    const writeDocs = async (db: ReturnType<typeof openDbAtVersion>, withIndex: 'none' | 'summaries') => {
      const fresh = await records();
      return time(async () => {
        for (const b of fresh) {
          const tables = [db.table('documents'), db.table('documentSummaries')];
          await db.transaction('rw', tables, async () => {
            await db.table('documents').bulkAdd(b);
            if (withIndex === 'none') return;
            await db.table('documentSummaries').bulkPut(b.map((d) => summarize(d, [])));
          });
        }
      });
    };
    step('write documents, strict', await writeDocs(strict, 'none'));
    step('write documents, relaxed', await writeDocs(relaxed, 'none'));
    step('write documents, browser default durability, no outbox middleware', await writeDocs(plain, 'none'));
    step('write documents + summaries, relaxed', await writeDocs(relaxed, 'summaries'));
    step(
      'structured clone of summary rows',
      await time(() => {
        for (const b of docs) structuredClone(b.map((d) => summarize(d, [])));
      }),
    );

    // What each index entry costs: documents and summary rows put with bare IndexedDB into stores
    // with fewer and fewer indexes, each variant in turn three times (the median is kept, so one
    // moment of the shared machine's load does not decide a comparison).
    const docStores = (documents: Record<string, string | string[]>, summaries: Record<string, string | string[]> | null): RawStore[] => [
      { name: 'documents', indexes: documents },
      ...(summaries ? [{ name: 'documentSummaries', indexes: summaries }] : []),
    ];
    const compoundDocs = { '[projectId+textHash]': ['projectId', 'textHash'] };
    const compoundSummaries = { '[projectId+createdAt]': ['projectId', 'createdAt'] };
    const variants: { name: string; stores: RawStore[]; duplicates?: true }[] = [
      { name: 'bare IndexedDB: document records alone, no secondary index', stores: docStores({}, null) },
      { name: 'bare IndexedDB: documents + summary rows, no secondary index', stores: docStores({}, {}) },
      {
        name: 'bare IndexedDB: documents + summaries, the compound indexes only ([projectId+textHash], [projectId+createdAt])',
        stores: docStores(compoundDocs, compoundSummaries),
      },
      {
        name: "bare IndexedDB: documents + summaries with today's indexes (projectId on both, and the compound ones)",
        stores: docStores({ projectId: 'projectId', ...compoundDocs }, { projectId: 'projectId', ...compoundSummaries }),
      },
      {
        name: 'bare IndexedDB: the compound indexes only, and one index count per text hash first',
        stores: docStores(compoundDocs, compoundSummaries),
        duplicates: true,
      },
    ];
    const variantMs = variants.map(() => [] as Timed[]);
    for (let rep = 0; rep < 3; rep++) {
      for (const [v, variant] of variants.entries()) {
        const name = `${dbName}-v${v}-${rep}`;
        const vdb = await openRawStores(name, variant.stores);
        const pidv = `project-${rep}` as ProjectId;
        const fresh = inputs.map((b, i) => b.map((input, j) => newDocument(pidv, input, stamp, hashed[i]![j])));
        const withSummaries = variant.stores.length > 1;
        variantMs[v]!.push(
          await time(async () => {
            for (const b of fresh)
              await rawPutMany(
                vdb,
                withSummaries ? { documents: b, documentSummaries: b.map((d) => summarize(d, [])) } : { documents: b },
                variant.duplicates
                  ? (tx) => {
                      const index = tx.objectStore('documents').index('[projectId+textHash]');
                      for (const d of b) index.count([pidv, d.textHash!]);
                    }
                  : undefined,
              );
          }),
        );
        vdb.close();
        await deleteRawDb(name);
      }
    }
    steps.push(
      ...medianSteps(
        variants.map((v) => v.name),
        variantMs,
      ),
    );

    // writeImport split: the same documents and summaries, adding one part of writeImport at a time.
    const importTables = (db: AppDb) => [db.projects, db.documents, db.annotations, db.relations, db.entities, ...corpusIndexTables(db)];
    const splitStep = async (name: string, db: AppDb, part: 'tables' | 'project' | 'duplicates') => {
      const projectId = await project();
      const fresh = inputs.map((b) => b.map((input) => newDocument(projectId, input, stamp, sha256Hex(input.text))));
      step(
        name,
        await time(async () => {
          for (const b of fresh) {
            await db.transaction('rw', importTables(db), async () => {
              if (part !== 'tables') await db.projects.get(projectId);
              if (part === 'duplicates')
                await existingHashes(
                  db,
                  projectId,
                  b.map((d) => d.textHash!),
                );
              await db.documents.bulkAdd(b);
              await db.documentSummaries.bulkPut(b.map((d) => summarize(d, [])));
            });
          }
        }),
      );
    };
    await splitStep("write documents + summaries in a transaction over writeImport's tables (outbox widening), relaxed", relaxed, 'tables');
    await splitStep('+ reading the project, relaxed', relaxed, 'project');
    await splitStep('+ the duplicate check (one index count per hash), relaxed', relaxed, 'duplicates');

    let imported = '' as ProjectId;
    const importInto = async (db: AppDb) => {
      const projectId = (imported = await project());
      return time(async () => {
        for (const b of inputs) {
          const items = b.map((doc) => ({ file: 0, doc: { ...doc, annotations: [], relations: [], sourceFile: 'generated' } }));
          await writeImport(db, projectId, items, { by: 'bench', batchSize: items.length });
        }
      });
    };
    step('writeImport (documents, summaries; text index left to its pass), strict', await importInto(strict));
    {
      const projectId = await project();
      const hashedItems = inputs.map((b, i) =>
        b.map((doc, j) => ({ file: 0, hash: hashed[i]![j]!, doc: { ...doc, annotations: [], relations: [], sourceFile: 'generated' } })),
      );
      step(
        'writeImport, hashes given (as the import worker has them), relaxed',
        await time(async () => {
          for (const items of hashedItems) await writeImport(relaxed, projectId, items, { by: 'bench', batchSize: items.length });
        }),
      );
    }
    // Without the middlewares just before and just after, as a later step pays for the data of earlier ones.
    const bareStep = "writeImport without the write path's middlewares (outbox, change marks, packs, counts, before-image), relaxed";
    step(`${bareStep}, before`, await importInto(bare));
    const last = await importInto(relaxed);
    const relaxedProject = imported;
    step('writeImport (documents, summaries; text index left to its pass), relaxed', last);
    step(`${bareStep}, after`, await importInto(bare));
    const indexedInto = async (db: AppDb) => {
      const projectId = await project();
      return time(async () => {
        const indexer = indexWhileWriting(db, projectId);
        for (const b of inputs) {
          const items = b.map((doc) => ({ file: 0, doc: { ...doc, annotations: [], relations: [], sourceFile: 'generated' } }));
          await writeImport(db, projectId, items, { by: 'bench', batchSize: items.length, onWritten: (written) => indexer.add(written) });
        }
        await indexer.finish();
      });
    };
    const ids = await relaxed.documents.where('projectId').equals(relaxedProject).primaryKeys();
    step(
      'read the texts back, 100 documents per request (what the text index pass reads)',
      await time(async () => {
        for (let i = 0; i < ids.length; i += 100) await relaxed.documents.bulkGet(ids.slice(i, i + 100));
      }),
    );
    step(
      `read the summaries back, ${TEXT_INDEX_CHUNK.toLocaleString('en')} a request (what writing a chunk of the text index checks)`,
      await time(async () => {
        for (let i = 0; i < ids.length; i += TEXT_INDEX_CHUNK) await relaxed.documentSummaries.bulkGet(ids.slice(i, i + TEXT_INDEX_CHUNK));
      }),
    );
    const stamps = [...new Set((await relaxed.documentSummaries.bulkGet(ids)).map((s) => s!.createdAt))];
    step(
      'the same summaries by [projectId+createdAt], one getAll per batch',
      await time(async () => {
        for (const at of stamps) await relaxed.documentSummaries.where('[projectId+createdAt]').equals([relaxedProject, at]).toArray();
      }),
    );
    const unwritten = await records();
    step(
      "a get per new document's summary, 1,000 a request (the read the counts made of an import's summaries, now skipped)",
      await time(async () => {
        for (const b of unwritten) await relaxed.documentSummaries.bulkGet(b.map((d) => d.id));
      }),
    );
    step(
      `text index pass (${TEXT_INDEX_CHUNK.toLocaleString('en')} documents per transaction)`,
      await time(() => buildTextIndex(relaxed, relaxedProject)),
    );
    step('writeImport with its text index built as it writes (from the texts in memory), relaxed', await indexedInto(relaxed));

    const perThousand = 1000 / count;
    return {
      documents: count,
      batch,
      textBytesPer1000,
      postingIdBytesPer1000: postingIds * idLength * perThousand,
      idLength,
      postingRowsPer1000: postingRows * perThousand,
      steps,
    };
  } finally {
    relaxed.close();
    bare.close();
    plain.close();
    raw.close();
    await strict.delete();
    await deleteRawDb(rawName);
  }
}
