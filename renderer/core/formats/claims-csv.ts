/**
 * The claims table: one CSV row per annotation labelled `Claim`, with who said it, how, and through
 * which sources it reached the article — the table a researcher opens in a spreadsheet, R or pandas.
 *
 * Columns, in order:
 * `document_id`, `document_title`, `meta_<key>` for every metadata key of the exported documents
 * (sorted), `claim_id`, `claim_text`, `start`, `end`, `speakers`, `speaker_entity`,
 * `speaker_entity_id`, `cue`, `source_chain`, `source_entities`, one column per attribute of the
 * schema's `Claim` label (named after the attribute; `attr_<name>` if that name is taken), `group`,
 * `group_id`, `note`, `layer`, `created_by`, `updated_at`.
 *
 * - `start`/`end` are **code point** offsets into the document text (as Python and R count
 *   characters), from the first range's start to the last range's end; `claim_text` is the quote
 *   (a discontinuous claim's pieces joined by ` … `).
 * - `speakers`: the text of every annotation linked to the claim by `said by` (either direction),
 *   in text order, `; `-joined. `speaker_entity` and `speaker_entity_id`: the entity each speaker's
 *   `entity` attribute points to — its name, and its external id (such as a Wikidata QID) or else
 *   its Claimscope id — `; `-joined.
 * - `cue`: the text of annotations linked to the claim by `cue` (either direction).
 * - `source_chain`: follows `reported by` relations from the claim to a source, from that source to
 *   the next …: `Iranian state television > Reuters`. Several chains are joined by ` | `.
 *   `source_entities`: the entity names of the chain's sources that are linked to one, same layout.
 * - Attribute values: lists `; `-joined, booleans `true`/`false`, entity ids as entity names.
 * - `group`: the canonical wording of the claim group the claim is in, and `group_id` its id (a
 *   claim grouped in several layers' groupings: each, `; `-joined, by layer); the groups table
 *   (`groups-csv.ts`) has the groups' fact-checks.
 *
 * Written as UTF-8 with a byte order mark (so spreadsheet software detects the encoding), CRLF line
 * ends and RFC 4180 quoting. **Formula injection guard**: a text cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading apostrophe (`'=cmd…`), so a spreadsheet shows
 * it as text instead of running it; strip that apostrophe when reading the table elsewhere.
 */
import Papa from 'papaparse';
import { coveringSpan } from '../model/spans.ts';
import { OffsetMap } from '../model/offsets.ts';
import {
  CUE_OF,
  REPORTED_BY,
  SAID_BY,
  type Annotation,
  type AttributeValue,
  type ClaimGroup,
  type Entity,
  type Project,
  type Relation,
} from '../model/types.ts';
import { byStart, claimLinks, describeChains, quoteText } from './claimLinks.ts';
import { groupsByClaim } from './groups.ts';
import { plural } from '../model/plural.ts';
import {
  addTally,
  countNotes,
  describeAttributes,
  lossOf,
  lossTally,
  tallyAttributes,
  zeroTally,
  type LossTallyFactory,
  type Written,
} from './loss.ts';
import type { Dataset } from './types.ts';
import { headOf, type ExportHead } from './stream.ts';

export const CLAIM_LABEL = 'Claim';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a cell that a spreadsheet would read as a formula with an apostrophe. */
export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function entityIds(a: Annotation): string[] {
  const v = a.attributes.entity;
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v)) return v.filter((x) => x !== '');
  return [];
}

/**
 * Writes the claims table (see the module comment for its columns). `layer` keeps only that
 * layer's claims and relations.
 */
export function serializeClaimsCsv(dataset: Dataset, options: { layer?: string } = {}): string {
  const writer = claimsCsvPages(options)(headOf(dataset));
  writer.prepass(dataset);
  return writer.page(dataset) + writer.end();
}

/**
 * The claims table a page of documents at a time. The first pass collects the metadata fields
 * of every document (they are columns); each page then adds its claims' rows.
 */
export function claimsCsvPages(options: { layer?: string } = {}) {
  return ({ project, claimGroups }: ExportHead) => {
    const groups = groupsByClaim((claimGroups ?? []).filter((g) => options.layer === undefined || g.layer === options.layer));
    const keys = new Set<string>();
    let fields: string[] | null = null;
    let metaKeys: string[] = [];
    const head = (): string => {
      if (fields) return '';
      metaKeys = [...keys].sort();
      fields = claimsCsvFields(project, metaKeys);
      return csvTable(fields, []);
    };
    return {
      prepass(page: Dataset) {
        for (const d of page.documents) for (const k of Object.keys(d.metadata)) keys.add(k);
      },
      page(page: Dataset): string {
        const out = head();
        return out + csvLines(null, claimsCsvRows(page, metaKeys, options.layer, groups));
      },
      end: (): string => head(),
    };
  };
}

function claimAttributes(project: Project) {
  return project.schema.labels.find((l) => l.name === CLAIM_LABEL)?.attributes ?? [];
}

function claimsCsvFields(project: Project, metaKeys: readonly string[]): string[] {
  const fixedBefore = ['document_id', 'document_title', ...metaKeys.map((k) => `meta_${k}`), 'claim_id', 'claim_text', 'start', 'end'];
  const fixedMiddle = ['speakers', 'speaker_entity', 'speaker_entity_id', 'cue', 'source_chain', 'source_entities'];
  const fixedAfter = ['group', 'group_id', 'note', 'layer', 'created_by', 'updated_at'];
  const taken = new Set([...fixedBefore, ...fixedMiddle, ...fixedAfter]);
  const attrColumns = claimAttributes(project).map((d) => {
    const name = taken.has(d.name) ? `attr_${d.name}` : d.name;
    taken.add(name);
    return name;
  });
  return [...fixedBefore, ...fixedMiddle, ...attrColumns, ...fixedAfter];
}

function claimsCsvRows(
  dataset: Dataset,
  metaKeys: readonly string[],
  layer: string | undefined,
  claimGroups: ReadonlyMap<string, readonly ClaimGroup[]>,
): (string | number)[][] {
  const annotations = dataset.annotations.filter((a) => layer === undefined || a.layer === layer);
  const entities = new Map<string, Entity>((dataset.entities ?? []).map((e) => [e.id as string, e]));

  const links = claimLinks(
    annotations,
    dataset.relations.filter((r) => layer === undefined || r.layer === layer),
  );
  const entityName = (id: string): string => entities.get(id)?.name ?? '';

  const claimsByDoc = new Map<string, Annotation[]>();
  for (const a of annotations) {
    if (a.label !== CLAIM_LABEL || a.ranges.length === 0) continue;
    (claimsByDoc.get(a.documentId) ?? claimsByDoc.set(a.documentId, []).get(a.documentId)!).push(a);
  }
  const attrDefs = claimAttributes(dataset.project);

  const formatValue = (v: AttributeValue | undefined, isEntity: boolean): string => {
    if (v === undefined || v === null) return '';
    const one = (x: string): string => (isEntity ? entityName(x) || x : x);
    if (Array.isArray(v)) return v.map(one).join('; ');
    if (typeof v === 'string') return one(v);
    return String(v);
  };

  const data: (string | number)[][] = [];
  for (const doc of dataset.documents) {
    const claims = (claimsByDoc.get(doc.id) ?? []).sort(byStart);
    if (claims.length === 0) continue;
    const offsets = new OffsetMap(doc.text);
    for (const claim of claims) {
      const hull = coveringSpan(claim.ranges);
      const speakers = links.speakers(claim);
      const speakerEntities = speakers.flatMap(entityIds).filter((id, i, all) => all.indexOf(id) === i);
      const cues = links.cues(claim);
      const sourceChains = links.chains(claim);
      const groups = claimGroups.get(claim.id) ?? [];
      const row: (string | number)[] = [
        guardFormula(doc.id),
        guardFormula(doc.title),
        ...metaKeys.map((k) => {
          const v = doc.metadata[k];
          return v === undefined || v === null ? '' : guardFormula(String(v));
        }),
        guardFormula(claim.id),
        guardFormula(claim.quote),
        offsets.toCodePoint(hull.start),
        offsets.toCodePoint(hull.end),
        guardFormula(speakers.map(quoteText).join('; ')),
        guardFormula(speakerEntities.map((id) => entityName(id) || id).join('; ')),
        guardFormula(speakerEntities.map((id) => entities.get(id)?.externalId || id).join('; ')),
        guardFormula(cues.map(quoteText).join('; ')),
        guardFormula(describeChains(sourceChains)),
        guardFormula(
          sourceChains
            .map((c) =>
              c
                .flatMap((s) =>
                  entityIds(s)
                    .map(entityName)
                    .filter((n) => n !== ''),
                )
                .join(' > '),
            )
            .filter((s) => s !== '')
            .join(' | '),
        ),
        ...attrDefs.map((d) => guardFormula(formatValue(claim.attributes[d.name], d.type === 'entity'))),
        guardFormula(groups.map((g) => g.canonical).join('; ')),
        guardFormula(groups.map((g) => g.id).join('; ')),
        guardFormula(claim.note),
        guardFormula(claim.layer),
        guardFormula(claim.createdBy),
        claim.updatedAt,
      ];
      data.push(row);
    }
  }
  return data;
}

/** A table as the spreadsheet-ready CSV this module describes: BOM, CRLF, RFC 4180 quoting (cells already guarded). */
export function csvTable(fields: readonly string[], data: readonly (readonly (string | number)[])[]): string {
  return `\ufeff${csvLines(fields, data)}`;
}

/** Rows (with a header when `fields` is given) as CRLF-ended CSV lines; papaparse ends a header-only table with a line break and a full one without: end with one. */
function csvLines(fields: readonly string[] | null, data: readonly (readonly (string | number)[])[]): string {
  if (!fields && data.length === 0) return '';
  const rows = data.map((r) => [...r]);
  const body = Papa.unparse(fields ? { fields: [...fields], data: rows } : rows, { newline: '\r\n' }).replace(/(?:\r\n)+$/, '');
  return `${body}\r\n`;
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: Written = {}): string[] => lossOf(claimsCsvLoss(options), dataset);

/**
 * What the claims table leaves out, with counts: it has one row per claim, so annotations that are
 * not claims appear only as a claim's speaker, cue or source (and are left out when linked to no
 * claim); claim attributes the schema does not define have no column; other relation types, entity
 * details beyond name and id, and discontinuous ranges (only the outer offsets) are not kept.
 */
export function claimsCsvLoss(only: Written = {}): LossTallyFactory {
  return lossTally(({ project }) => {
    const defined = new Set((project.schema.labels.find((l) => l.name === CLAIM_LABEL)?.attributes ?? []).map((d) => d.name));
    const n = { claims: 0, unlinked: 0, otherRelations: 0, otherNotes: 0, discontinuous: 0 };
    const unlinkedLabels = new Set<string>();
    const undefinedAttrs = zeroTally();
    const linkedAttrs = zeroTally();
    return {
      count(_page, { annotations, relations }) {
        const byId = new Map(annotations.map((a) => [a.id as string, a]));
        const claims = annotations.filter((a) => a.label === CLAIM_LABEL);
        // What the table shows: speakers and cues linked to a claim, and sources reached from a claim by "reported by".
        const shown = new Set<string>(claims.map((a) => a.id as string));
        const usedRelations = new Set<string>();
        for (const r of relations) {
          if (r.type !== SAID_BY && r.type !== CUE_OF) continue;
          const fromClaim = byId.get(r.from)!.label === CLAIM_LABEL;
          const toClaim = byId.get(r.to)!.label === CLAIM_LABEL;
          if (fromClaim) shown.add(r.to);
          if (toClaim) shown.add(r.from);
          if (fromClaim || toClaim) usedRelations.add(r.id);
        }
        const reportedBy = new Map<string, Relation[]>();
        for (const r of relations) if (r.type === REPORTED_BY) (reportedBy.get(r.from) ?? reportedBy.set(r.from, []).get(r.from)!).push(r);
        const queue = claims.map((c) => c.id as string);
        const reached = new Set(queue);
        while (queue.length > 0) {
          for (const r of reportedBy.get(queue.pop()!) ?? []) {
            usedRelations.add(r.id);
            shown.add(r.to);
            if (!reached.has(r.to)) {
              reached.add(r.to);
              queue.push(r.to);
            }
          }
        }
        n.claims += claims.length;
        for (const a of annotations) {
          if (shown.has(a.id)) continue;
          n.unlinked++;
          unlinkedLabels.add(a.label);
        }
        n.otherRelations += relations.length - usedRelations.size;
        addTally(
          undefinedAttrs,
          tallyAttributes(claims, (name) => !defined.has(name)),
        );
        addTally(
          linkedAttrs,
          tallyAttributes(
            annotations.filter((a) => a.label !== CLAIM_LABEL && shown.has(a.id)),
            (name) => name !== 'entity',
          ),
        );
        n.otherNotes += countNotes(annotations.filter((a) => a.label !== CLAIM_LABEL));
        n.discontinuous += claims.filter((a) => a.ranges.length > 1).length;
      },
      notes: (c) => {
        const groups = c.groups.groups().filter((g) => only.layer === undefined || g.layer === only.layer);
        const groupNotes = groups.filter((g) => g.note.trim() !== '').length;
        const checks = groups.reduce((k, g) => k + g.factChecks.length, 0);
        return [
          n.claims === 0 &&
            `The claims table has one row per ${CLAIM_LABEL} annotation, and there are none: the table will have a header only.`,
          n.unlinked > 0 &&
            `The claims table has one row per claim: ${plural(n.unlinked, 'annotation')} (${[...unlinkedLabels].sort().join(', ')}) linked to no claim as speaker, cue or source will be left out.`,
          n.otherRelations > 0 &&
            `${plural(n.otherRelations, 'relation')} that do not link a claim to its speaker, cue or source chain will be left out.`,
          undefinedAttrs.values > 0 &&
            `The table has a column for each attribute the schema defines for ${CLAIM_LABEL}: ${describeAttributes(undefinedAttrs)} under other names will be left out.`,
          linkedAttrs.values > 0 &&
            `Speakers, cues and sources appear by their text: their own ${describeAttributes(linkedAttrs)} will be left out.`,
          n.otherNotes > 0 && `Only claims' notes have a column: ${plural(n.otherNotes, 'note')} on other annotations will be left out.`,
          groupNotes + checks > 0 &&
            `The claims table names each claim's group by its canonical wording and id: ${[
              checks > 0 ? plural(checks, 'fact-check') : '',
              groupNotes > 0 ? plural(groupNotes, 'group note') : '',
            ]
              .filter((x) => x !== '')
              .join(' and ')} will be left out (the groups table has them).`,
          n.discontinuous > 0 &&
            `${plural(n.discontinuous, 'discontinuous claim')} will be given by outer start and end offsets only (its text joins the pieces with " … ").`,
        ];
      },
    };
  }, only);
}
