/**
 * The agreement computation behind the dashboard: reads a project's layers from the database and
 * computes what the dashboard shows (core/metrics/report.ts: the corpus figures and a summary of
 * each document); a document's figures, the figures CSV (the full report) and the disagreements
 * CSV are computed when asked for, from the input the session keeps. Runs in a Web Worker
 * (agreement.worker.ts) so 5 annotators × 1,000 documents never block the window.
 */
import { listDisagreements } from '../../../core/metrics/disagreements.ts';
import {
  agreementInputFromRecords,
  AgreementComputation,
  agreementReport,
  type AgreementInput,
  type AgreementOptions,
  type AgreementSummary,
  type DocumentAgreement,
} from '../../../core/metrics/report.ts';
import { disagreementsToCsv, reportToCsv } from '../../../core/metrics/reportCsv.ts';
import type { DocumentRecord, Relation } from '../../../core/model/types.ts';
import { isAnnotatorLayer } from '../../../core/review/blind.ts';
import { readPackedAnnotations } from '../../db/annotationPacks.ts';
import { AppDb } from '../../db/db.ts';

export interface AgreementJob {
  dbName: string;
  projectId: string;
  /** Layers to compare (default: every annotator layer, gold and suggestions left out). */
  layers?: string[];
}

export interface AgreementProgress {
  phase: 'reading' | 'computing' | 'disagreements';
  done: number;
  total: number;
}

/** What the dashboard shows first. */
export interface AgreementOutput {
  report: AgreementSummary;
  titles: Record<string, string>;
}

/**
 * A request to the session. Each names its job: a session that has not computed that job's figures
 * (a new worker after a Cancel) computes them first.
 */
export type AgreementRequest =
  | { type: 'compute'; job: AgreementJob }
  | { type: 'document'; job: AgreementJob; id: string }
  | { type: 'figures-csv'; job: AgreementJob }
  | { type: 'disagreements-csv'; job: AgreementJob };

/** A CSV export and how many rows of data it has. */
export interface AgreementCsv {
  csv: string;
  rows: number;
}

/** The answer to each request: the output, a document's figures (undefined for an unknown id), a CSV. */
export type AgreementAnswer = AgreementOutput | DocumentAgreement | AgreementCsv | undefined;

/** The input of the report for a job, read from the database; `progress` counts the documents read. */
async function readAgreementInput(
  job: AgreementJob,
  progress: (p: AgreementProgress) => void,
): Promise<{ input: AgreementInput; options: AgreementOptions; titles: Record<string, string> }> {
  const db = new AppDb(job.dbName);
  try {
    await db.open();
    const ids = (await db.documents.where('projectId').equals(job.projectId).primaryKeys()) as string[];
    // The project's rows are asked for first, so the database reads them while the documents come in.
    const rows = Promise.all([
      readPackedAnnotations(db, job.projectId, ids),
      db.relations.where('projectId').equals(job.projectId).toArray() as Promise<Relation[]>,
      db.documentStatus.where('projectId').equals(job.projectId).toArray(),
      db.documentAttributes.where('projectId').equals(job.projectId).toArray(),
      db.projects.get(job.projectId),
      db.claimGroups.where('projectId').equals(job.projectId).toArray(),
    ]);
    rows.catch(() => {}); // awaited below; a failure while the documents are read is reported once
    // The documents in one request (one per document cost more than reading them: a round trip each).
    progress({ phase: 'reading', done: 0, total: ids.length });
    const documents: Pick<DocumentRecord, 'id' | 'text'>[] = [];
    const titles: Record<string, string> = {};
    const listed = new Set(ids); // those whose annotations are read (a document added since waits for the next reading)
    for (const d of await db.documents.where('projectId').equals(job.projectId).toArray()) {
      if (!listed.has(d.id)) continue;
      documents.push({ id: d.id, text: d.text });
      titles[d.id] = d.title;
    }
    progress({ phase: 'reading', done: ids.length, total: ids.length });
    const [annotations, relations, statuses, documentAttributes, project, claimGroups] = await rows;
    const layers =
      job.layers ??
      [...new Set([...annotations.map((a) => a.layer), ...documentAttributes.map((r) => r.layer)])].filter(isAnnotatorLayer).sort();
    const done = new Set(
      statuses.filter((s) => s.status === 'done' || s.status === 'reviewed').map((s) => `${s.documentId}\u0000${s.annotator}`),
    );
    const input = agreementInputFromRecords(documents, annotations, relations, {
      layers,
      isAnnotated: (documentId, layer) => done.has(`${documentId}\u0000${layer}`),
      documentAttributes,
      claimGroups,
    });
    return { input, options: { layers, documentAttributes: (project?.schema.documentAttributes ?? []).map((a) => a.name) }, titles };
  } finally {
    db.close();
  }
}

interface Computed {
  key: string;
  input: AgreementInput;
  options: AgreementOptions;
  computation: AgreementComputation;
  output: AgreementOutput;
}

/** One worker's agreement figures: the last job computed, kept for the requests that follow. */
export class AgreementSession {
  private computed: Computed | null = null;

  async answer(request: AgreementRequest, progress: (p: AgreementProgress) => void): Promise<AgreementAnswer> {
    const key = JSON.stringify(request.job);
    if (request.type === 'compute' || this.computed?.key !== key) this.computed = await this.compute(request.job, key, progress);
    const { input, options, computation, output } = this.computed;
    switch (request.type) {
      case 'compute':
        return output;
      case 'document':
        return computation.document(request.id);
      case 'figures-csv': {
        progress({ phase: 'computing', done: 0, total: input.documents.length });
        const report = agreementReport(input, { ...options, onProgress: (done, total) => progress({ phase: 'computing', done, total }) });
        return { csv: reportToCsv(report), rows: report.documents.length };
      }
      case 'disagreements-csv': {
        progress({ phase: 'disagreements', done: 0, total: 1 });
        const rows = listDisagreements(input, { layers: options.layers });
        return { csv: disagreementsToCsv(rows), rows: rows.length };
      }
    }
  }

  private async compute(job: AgreementJob, key: string, progress: (p: AgreementProgress) => void): Promise<Computed> {
    this.computed = null;
    const { input, options, titles } = await readAgreementInput(job, progress);
    progress({ phase: 'computing', done: 0, total: input.documents.length });
    const computation = new AgreementComputation(input, {
      ...options,
      onProgress: (done, total) => progress({ phase: 'computing', done, total }),
    });
    return { key, input, options, computation, output: { report: computation.summary, titles } };
  }
}
