/** Projects and documents. */
import type { Block, DocumentRecord, Metadata, Project, ProjectId, Schema } from '../../core/model/types.ts';
import { newDocumentId, newProjectId } from '../../core/model/ids.ts';
import { sha256Hex } from '../../core/model/hash.ts';
import { ValidationError } from './annotations.ts';
import type { AppDb } from './db.ts';

const now = () => new Date().toISOString();

export async function createProject(db: AppDb, name: string, schema: Schema): Promise<Project> {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('A project needs a name.');
  const at = now();
  const project: Project = { id: newProjectId(), name: trimmed, schema, createdAt: at, updatedAt: at };
  await db.projects.add(project);
  return project;
}

export interface NewDocument {
  title: string;
  text: string;
  blocks: Block[];
  metadata: Metadata;
}

function checkDocument(input: NewDocument): void {
  if (!input.text) throw new ValidationError(`"${input.title}" has no text.`);
  for (const b of input.blocks) {
    if (b.start < 0 || b.end > input.text.length || b.start > b.end) {
      throw new ValidationError(`"${input.title}" has a block outside its text (${b.start}–${b.end}).`);
    }
  }
}

export function buildDocument(projectId: ProjectId, input: NewDocument): DocumentRecord {
  checkDocument(input);
  const at = now();
  return {
    id: newDocumentId(),
    projectId,
    title: input.title.trim() || 'Untitled',
    text: input.text,
    blocks: input.blocks,
    metadata: input.metadata,
    textHash: sha256Hex(input.text),
    createdAt: at,
    updatedAt: at,
  };
}

export async function addDocument(db: AppDb, projectId: ProjectId, input: NewDocument): Promise<DocumentRecord> {
  const doc = buildDocument(projectId, input);
  await db.documents.add(doc);
  return doc;
}

export interface DocumentSummary {
  id: string;
  title: string;
  annotationCount: number;
}

/** The project's documents with their annotation counts, in the order they were added. */
export async function listDocumentSummaries(db: AppDb, projectId: string): Promise<DocumentSummary[]> {
  return db.transaction('r', [db.documents, db.annotations], async () => {
    const rows: (DocumentSummary & { createdAt: string })[] = [];
    await db.documents
      .where('projectId')
      .equals(projectId)
      .each((d) => rows.push({ id: d.id, title: d.title, annotationCount: 0, createdAt: d.createdAt }));
    rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title));
    const docs: DocumentSummary[] = rows.map(({ id, title, annotationCount }) => ({ id, title, annotationCount }));
    await Promise.all(
      docs.map(async (d) => {
        d.annotationCount = await db.annotations.where('documentId').equals(d.id).count();
      }),
    );
    return docs;
  });
}
