/**
 * (b) Every importer fuzzed with fast-check: RELIABILITY_CASES cases each (200 by default, 10,000
 * in `npm run reliability`), seeded by RELIABILITY_SEED. With RELIABILITY_SHARD `k/n` this process
 * runs the cases numbered k, k + n, k + 2n … of that same sequence, so n processes share the run
 * and together check exactly the cases one process would; RELIABILITY_FROM skips the cases below it
 * (generated all the same) so a run can be done in parts, and RELIABILITY_IMPORTERS picks the
 * importers. A case passes when the parse function
 * returns (never throws), within the time limit of CPU time (the machine's load does not count),
 * and a failure is an error result naming the file;
 * a sample of the parsed cases is written through the app's import path (writeImport) into
 * fake-indexeddb, with small batches and a Cancel part-way, and every document must then be whole
 * (its annotations, relations, summary and search rows all there, all inside its text) or absent.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportedDocument } from '../renderer/core/formats/types.ts';
import { validateRanges } from '../renderer/core/model/spans.ts';
import type { Schema } from '../renderer/core/model/types.ts';
import { AppDb } from '../renderer/src/db/db.ts';
import { createProject } from '../renderer/src/db/corpus.ts';
import { writeImport } from '../renderer/src/db/import.ts';
import { buildTextIndex, pendingTextIndex } from '../renderer/src/db/textIndex.ts';
import { importers, type FuzzInput, type ImportOutcome } from './importers.ts';
import { reportFigures, settings } from './settings.ts';

const { cases, from, importers: only, seed, caseLimitMs, dbSampleEvery, shard } = settings();
/** How many of the cases numbered below n are this process's share. */
const shareBelow = (n: number) => Math.max(0, Math.ceil((n - shard.index) / shard.count));
const SCHEMA: Schema = { version: 1, labels: [], relationTypes: [] };

interface Tally {
  importer: string;
  cases: number;
  parsed: number;
  refused: number;
  throws: number;
  hangs: number;
  unnamedErrors: number;
  dbChecked: number;
  halfWritten: number;
  /** The slowest case by the clock, and by the CPU time it took. */
  slowestMs: number;
  slowestCpuMs: number;
  problems: string[];
}

const tallies: Tally[] = [];

/** The documents of a parse result: a reader's output, a parser's list or its one document. */
function documentsOf(value: unknown): ImportedDocument[] {
  if (Array.isArray(value)) return value as ImportedDocument[];
  if (value && typeof value === 'object') {
    if (Array.isArray((value as { documents?: unknown }).documents)) return (value as { documents: ImportedDocument[] }).documents;
    if ('text' in value && 'annotations' in value) return [value as ImportedDocument];
  }
  return [];
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function describeInput(input: FuzzInput): string {
  const head = new TextDecoder().decode(input.data.subarray(0, 80));
  return `${input.name} (${input.data.length} bytes, starting ${JSON.stringify(head)})`;
}

/** Problems with documents in the project: each must be whole (or absent, which leaves nothing behind). */
async function halfWritten(db: AppDb, projectId: string): Promise<string[]> {
  const problems: string[] = [];
  // Search rows come with the text index pass after an import (whole per document: textIndex.test.ts).
  await buildTextIndex(db, projectId);
  for (const id of await pendingTextIndex(db, projectId)) problems.push(`document ${id} is not in the text index`);
  const docs = await db.documents.where('projectId').equals(projectId).toArray();
  const ids = new Set(docs.map((d) => d.id));
  const annotations = await db.annotations.where('projectId').equals(projectId).toArray();
  const relations = await db.relations.where('projectId').equals(projectId).toArray();
  const byId = new Map(annotations.map((a) => [a.id, a]));
  for (const a of annotations) {
    const doc = docs.find((d) => d.id === a.documentId);
    if (!doc) problems.push(`annotation ${a.id} points at a document that is not there`);
    else if (validateRanges(doc.text, a.ranges) !== null) problems.push(`annotation ${a.id} lies outside its text`);
  }
  for (const r of relations) {
    if (!ids.has(r.documentId) || byId.get(r.from)?.documentId !== r.documentId || byId.get(r.to)?.documentId !== r.documentId) {
      problems.push(`relation ${r.id} points outside its document`);
    }
  }
  for (const d of docs) {
    const summary = await db.documentSummaries.get(d.id);
    if (!summary) problems.push(`document ${d.id} has no summary row`);
    else if (summary.annotationCount !== annotations.filter((a) => a.documentId === d.id).length)
      problems.push(`document ${d.id}: summary count differs from its annotations`);
  }
  return problems;
}

const allImporters = (await importers()).filter((i) => only.length === 0 || only.includes(i.id));
if (only.length > allImporters.length) throw new Error(`RELIABILITY_IMPORTERS names an importer that does not exist: ${only.join(', ')}`);

describe(`importers under fuzz cases ${from} to ${cases - 1} each (seed ${seed})`, () => {
  let db: AppDb;
  afterAll(async () => {
    db?.close();
    await reportFigures(`fuzz-${shard.index}`, tallies);
  });

  for (const importer of allImporters) {
    it(`${importer.id}: never throws or hangs, errors name the file, and nothing is half-written`, { timeout: 0 }, async () => {
      db ??= new AppDb(`fuzz-${seed}`);
      const t: Tally = {
        importer: importer.id,
        cases: 0,
        parsed: 0,
        refused: 0,
        throws: 0,
        hangs: 0,
        unnamedErrors: 0,
        dbChecked: 0,
        halfWritten: 0,
        slowestMs: 0,
        slowestCpuMs: 0,
        problems: [],
      };
      let generated = 0;
      tallies.push(t);
      const note = (problem: string) => t.problems.length < 5 && t.problems.push(problem);
      await fc.check(
        fc.asyncProperty(importer.arbitrary, fc.nat({ max: 4 }), fc.nat({ max: 3 }), async (input, batchSize, cancelAfter) => {
          const caseNo = generated++;
          if (caseNo < from || caseNo % shard.count !== shard.index) return true;
          t.cases++;
          // Tracing: each case is named on stderr and its bytes kept in the trace file, to replay a hang.
          if (process.env.RELIABILITY_TRACE) {
            process.stderr.write(`${importer.id} #${generated}: ${describeInput(input)}\n`);
            writeFileSync(process.env.RELIABILITY_TRACE, input.data);
          }
          const started = performance.now();
          const startedCpu = cpuMs();
          let outcome: ImportOutcome;
          try {
            outcome = await importer.parse(input);
          } catch (e) {
            t.throws++;
            note(`threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' ← ')} on ${describeInput(input)}`);
            return true;
          }
          const ms = performance.now() - started;
          const cpu = cpuMs() - startedCpu;
          t.slowestMs = Math.max(t.slowestMs, ms);
          t.slowestCpuMs = Math.max(t.slowestCpuMs, cpu);
          if (cpu > caseLimitMs) {
            t.hangs++;
            note(`took ${Math.round(cpu)} ms of CPU time (${Math.round(ms)} ms by the clock) on ${describeInput(input)}`);
          }
          if (!outcome.ok) {
            t.refused++;
            const e = outcome.error;
            if (typeof e.message !== 'string' || !e.message.trim() || typeof e.file !== 'string' || !e.file.includes('fuzz/')) {
              t.unnamedErrors++;
              note(`error without file or message: ${JSON.stringify(e).slice(0, 200)}`);
            }
            return true;
          }
          t.parsed++;
          const docs = documentsOf(outcome.value);
          if (docs.length > 0 && t.parsed % dbSampleEvery === 1) {
            const project = await createProject(db, `fuzz ${importer.id} ${t.cases}`, SCHEMA);
            let batches = 0;
            try {
              await writeImport(
                db,
                project.id,
                docs.map((doc) => ({ file: 0, doc })),
                { by: 'fuzz', batchSize: batchSize + 1, isCancelled: () => cancelAfter > 0 && batches++ >= cancelAfter },
              );
            } catch (e) {
              t.throws++;
              note(`writeImport threw ${(e as Error).message} on ${describeInput(input)}`);
            }
            t.dbChecked++;
            const problems = await halfWritten(db, project.id);
            if (problems.length) {
              t.halfWritten++;
              note(`${problems.slice(0, 3).join('; ')} after importing ${describeInput(input)}`);
            }
          }
          return true;
        }),
        { numRuns: cases, seed, endOnFailure: true },
      );
      // Written after each importer, so a run stopped part-way still has the finished importers' figures.
      await reportFigures(`fuzz-${shard.index}`, tallies);
      expect(t.cases).toBe(shareBelow(cases) - shareBelow(from));
      expect({
        throws: t.throws,
        hangs: t.hangs,
        unnamedErrors: t.unnamedErrors,
        halfWritten: t.halfWritten,
        problems: t.problems,
      }).toEqual({ throws: 0, hangs: 0, unnamedErrors: 0, halfWritten: 0, problems: [] });
    });
  }
});
