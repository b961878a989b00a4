/**
 * The agreement computation behind the dashboard: reads a project's layers from the database and
 * computes the full report (core/metrics/report.ts) and the disagreement list. Runs in a Web
 * Worker (agreement.worker.ts) so 5 annotators × 1,000 documents never block the window.
 */
import { listDisagreements, type Disagreement } from '../../../core/metrics/disagreements.ts';
import { agreementInputFromRecords, agreementReport, type AgreementReport } from '../../../core/metrics/report.ts';
import type { Annotation, DocumentRecord, Relation } from '../../../core/model/types.ts';
import { isAnnotatorLayer } from '../../../core/review/blind.ts';
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

export interface AgreementOutput {
  report: AgreementReport;
  disagreements: Disagreement[];
  titles: Record<string, string>;
}

const BATCH = 100;

export async function runAgreementJob(job: AgreementJob, progress: (p: AgreementProgress) => void): Promise<AgreementOutput> {
  const db = new AppDb(job.dbName);
  try {
    await db.open();
    const ids = (await db.documents.where('projectId').equals(job.projectId).primaryKeys()) as string[];
    const documents: Pick<DocumentRecord, 'id' | 'text'>[] = [];
    const titles: Record<string, string> = {};
    progress({ phase: 'reading', done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = await db.documents.bulkGet(ids.slice(i, i + BATCH));
      for (const d of batch) {
        if (!d) continue;
        documents.push({ id: d.id, text: d.text });
        titles[d.id] = d.title;
      }
      progress({ phase: 'reading', done: Math.min(ids.length, i + BATCH), total: ids.length });
    }
    const [annotations, relations, statuses, documentAttributes, project, claimGroups] = await Promise.all([
      db.annotations.where('projectId').equals(job.projectId).toArray() as Promise<Annotation[]>,
      db.relations.where('projectId').equals(job.projectId).toArray() as Promise<Relation[]>,
      db.documentStatus.where('projectId').equals(job.projectId).toArray(),
      db.documentAttributes.where('projectId').equals(job.projectId).toArray(),
      db.projects.get(job.projectId),
      db.claimGroups.where('projectId').equals(job.projectId).toArray(),
    ]);
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
    progress({ phase: 'computing', done: 0, total: documents.length });
    const report = agreementReport(input, {
      layers,
      documentAttributes: (project?.schema.documentAttributes ?? []).map((a) => a.name),
      onProgress: (done, total) => progress({ phase: 'computing', done, total }),
    });
    progress({ phase: 'disagreements', done: 0, total: 1 });
    const disagreements = listDisagreements(input, { layers });
    return { report, disagreements, titles };
  } finally {
    db.close();
  }
}
