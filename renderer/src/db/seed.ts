/**
 * First start: an empty database gets the "Sample project" with the shipped sample article and
 * the default schema, so a researcher can start annotating at once.
 */
import type { DocumentRecord, Project, Schema } from '../../core/model/types.ts';
import { parseArticle } from '../../core/formats/article.ts';
import { describeError } from '../../core/formats/types.ts';
import { buildDocument } from './documents.ts';
import { corpusIndexTables, indexDocuments } from './summaries.ts';
import { newProjectId } from '../../core/model/ids.ts';
import type { AppDb } from './db.ts';

export interface SeedFiles {
  articleFileName: string;
  articleText: string;
  schema: Schema;
}

export const SAMPLE_PROJECT_NAME = 'Sample project';

/**
 * Creates the sample project when the database has no project at all; returns it and its
 * document, or null when the database already had projects. Runs in one transaction, so two
 * windows starting at once cannot both seed.
 */
export async function seedIfEmpty(db: AppDb, seeds: SeedFiles): Promise<{ project: Project; document: DocumentRecord } | null> {
  const parsed = parseArticle(seeds.articleFileName, seeds.articleText);
  if (!parsed.ok) throw new Error(`The sample article could not be read: ${describeError(parsed.error)}`);
  // With its summary, so the start lists it in its first page.
  return db.transaction('rw', [db.projects, db.documents, ...corpusIndexTables(db)], async () => {
    if ((await db.projects.count()) > 0) return null;
    const at = new Date().toISOString();
    const project: Project = {
      id: newProjectId(),
      name: SAMPLE_PROJECT_NAME,
      schema: seeds.schema,
      createdAt: at,
      updatedAt: at,
    };
    await db.projects.add(project);
    const document = buildDocument(project.id, parsed.value);
    await db.documents.add(document);
    await indexDocuments(db, [document]);
    return { project, document };
  });
}
