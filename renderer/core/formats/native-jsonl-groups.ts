/**
 * Claim groups in Claimscope JSONL: one line each after the documents, marked by `kind`, their
 * members naming a document by its id in the file and an annotation by its id in that document.
 * `native-jsonl.ts` writes and reads the documents and calls this module for the groups' lines.
 */
import { z } from 'zod';
import { formatIssuePath } from '../model/schema.ts';
import { factCheckShape, idValueShape, timestampShape } from '../model/shapes.ts';
import type { ClaimGroup } from '../model/types.ts';
import { factCheckProblem } from '../model/validation.ts';
import { compareGroups } from './groups.ts';
import { fail, ok, type ImportedClaimGroup, type ImportedDocument, type Result } from './types.ts';

const idValue = idValueShape;
const timestamp = timestampShape;

/** The `kind` of a claim group's line; a line without `kind` is a document. */
const CLAIM_GROUP_KIND = 'claimGroup';

const claimGroupSchema = z.object({
  kind: z.literal(CLAIM_GROUP_KIND),
  id: idValue,
  layer: z.string().min(1, 'cannot be empty'),
  canonical: z.string(),
  members: z.array(z.object({ document: idValue, annotation: idValue })).min(1, 'needs at least one member'),
  note: z.string().optional(),
  factChecks: z.array(factCheckShape).optional(),
  createdBy: z.string().optional(),
  createdAt: timestamp.optional(),
  updatedBy: z.string().optional(),
  updatedAt: timestamp.optional(),
});

export type ClaimGroupLine = z.infer<typeof claimGroupSchema>;

/** A line that names its `kind` is a claim group's; any other is a document's. */
export function isClaimGroupLine(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'kind' in json;
}

/** A claim group's line checked against its shape; the first problem fails with its field and line. */
export function parseClaimGroupLine(fileName: string, lineNo: number, json: unknown): Result<ClaimGroupLine> {
  const group = claimGroupSchema.safeParse(json);
  if (group.success) return ok(group.data);
  const issue = group.error.issues[0]!;
  const where = formatIssuePath(issue.path);
  const message = /received undefined$/.test(issue.message) ? 'is missing' : issue.message;
  return fail(fileName, where ? `Claim group field ${where}: ${message}.` : `The line is not a claim group: ${message}.`, lineNo);
}

/** The groups' lines, in group order, each ending in a newline. */
export function claimGroupLines(groups: readonly ClaimGroup[]): string {
  return [...groups]
    .sort(compareGroups)
    .map((g) => JSON.stringify(claimGroupLine(g)) + '\n')
    .join('');
}

/** A claim group's line: `kind: "claimGroup"`, its members by document and annotation id (written after the documents). */
function claimGroupLine(g: ClaimGroup) {
  return {
    kind: CLAIM_GROUP_KIND,
    id: g.id,
    layer: g.layer,
    canonical: g.canonical,
    members: g.members.map((m) => ({ document: m.documentId, annotation: m.annotationId })),
    note: g.note,
    factChecks: g.factChecks.map((f) => ({ url: f.url, publisher: f.publisher, verdict: f.verdict, date: f.date })),
    createdBy: g.createdBy,
    createdAt: g.createdAt,
    updatedBy: g.updatedBy,
    updatedAt: g.updatedAt,
  };
}

/**
 * The claim groups' members resolved to the documents read: each names a document by its `id` in
 * the file (which must be unique) and an annotation of that document; a group id appears once, and
 * a claim is in at most one group of a layer.
 */
export function readClaimGroups(
  file: string,
  lines: readonly { line: number; group: ClaimGroupLine }[],
  docsById: ReadonlyMap<string, { doc: ImportedDocument; keys: Set<string> } | null>,
): Result<ImportedClaimGroup[]> {
  const out: ImportedClaimGroup[] = [];
  const ids = new Set<string>();
  const grouped = new Map<string, string>();
  for (const { line, group: g } of lines) {
    const key = String(g.id);
    const name = `Claim group "${key}"`;
    if (ids.has(key)) return fail(file, `${name} appears twice.`, line);
    ids.add(key);
    if (g.canonical.trim() === '') return fail(file, `${name} has no canonical wording.`, line);
    for (const f of g.factChecks ?? []) {
      const problem = factCheckProblem(f);
      if (problem) return fail(file, `${name}: ${problem}`, line);
    }
    const members: ImportedClaimGroup['members'] = [];
    for (const m of g.members) {
      const docId = String(m.document);
      const annotation = String(m.annotation);
      const found = docsById.get(docId);
      if (found === undefined) return fail(file, `${name}: its member names document "${docId}", which is not in the file.`, line);
      if (found === null)
        return fail(file, `${name}: its member names document "${docId}", an id that several documents of the file have.`, line);
      if (!found.keys.has(annotation))
        return fail(file, `${name}: its member names annotation "${annotation}", which is not in document "${docId}".`, line);
      const slot = `${g.layer}\u0000${docId}\u0000${annotation}`;
      const other = grouped.get(slot);
      if (other !== undefined)
        return fail(
          file,
          `${name}: annotation "${annotation}" of document "${docId}" is already in group "${other}" of layer "${g.layer}".`,
          line,
        );
      grouped.set(slot, key);
      members.push({ document: found.doc, annotation });
    }
    const imported: ImportedClaimGroup = {
      key,
      layer: g.layer,
      canonical: g.canonical,
      members,
      note: g.note ?? '',
      factChecks: (g.factChecks ?? []).map((f) => ({ url: f.url, publisher: f.publisher, verdict: f.verdict, date: f.date })),
    };
    if (g.createdBy !== undefined) imported.createdBy = g.createdBy;
    if (g.createdAt !== undefined) imported.createdAt = g.createdAt;
    if (g.updatedBy !== undefined) imported.updatedBy = g.updatedBy;
    if (g.updatedAt !== undefined) imported.updatedAt = g.updatedAt;
    out.push(imported);
  }
  return ok(out);
}
