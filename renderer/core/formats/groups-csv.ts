/**
 * The groups table: one CSV row per member claim of each claim group — how one claim travelled
 * across articles, ready for a spreadsheet, R or pandas.
 *
 * Columns, in order: `group_id`, `canonical` (the group's canonical wording), `group_layer` (whose
 * grouping it is), `fact_checks` (each as `Publisher: Verdict (date) url`, ` | `-joined),
 * `group_note`, `claim_id`, `claim_text` (the member claim's quote), `claim_layer`, `document_id`,
 * `document_title`, `document_date` (the article's `datePublished`, `date` or `published` metadata),
 * `document_url`, `speakers` (linked by `said by`, `; `-joined), `source_chain` (`reported by`
 * chains as `Interfax > AP`, several ` | `-joined).
 *
 * Groups in order of layer, canonical wording and id; a group's members by the documents' order in
 * the export, then by position in the text. Written like the claims table (`claims-csv.ts`): UTF-8
 * with a BOM, CRLF, RFC 4180 quoting, formula-like cells guarded with a leading apostrophe.
 */
import { plural } from '../model/plural.ts';
import type { Annotation, ClaimGroup, DocumentRecord } from '../model/types.ts';
import { articleDate } from './claimreview.ts';
import { byStart, claimLinks, describeChains, quoteText, type ClaimLinks } from './claimLinks.ts';
import { csvTable, guardFormula } from './claims-csv.ts';
import { compareGroups, describeFactCheck, documentIndex, exportedGroups, groupedDocumentsPages, type DocumentIndex } from './groups.ts';
import { lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import type { FormatModule } from './module.ts';
import type { Dataset } from './types.ts';

export const GROUPS_CSV_FIELDS = [
  'group_id',
  'canonical',
  'group_layer',
  'fact_checks',
  'group_note',
  'claim_id',
  'claim_text',
  'claim_layer',
  'document_id',
  'document_title',
  'document_date',
  'document_url',
  'speakers',
  'source_chain',
] as const;

/** What a group's rows are written from: the export's documents and annotations, and the claims' links. */
export interface GroupRowContext {
  documents: DocumentIndex;
  annotations: ReadonlyMap<string, Annotation>;
  links: ClaimLinks;
}

export function groupRowContext(dataset: Dataset): GroupRowContext {
  return {
    documents: documentIndex(dataset),
    annotations: new Map(dataset.annotations.map((a) => [a.id as string, a])),
    links: claimLinks(dataset.annotations, dataset.relations),
  };
}

/** One group's rows, one per member claim found in the export (cells already guarded). */
export function groupRows(group: ClaimGroup, context: GroupRowContext): string[][] {
  const members = group.members
    .map((m) => ({ claim: context.annotations.get(m.annotationId), doc: context.documents.get(m.documentId) }))
    .filter((m): m is { claim: Annotation; doc: { document: DocumentRecord; order: number } } => !!m.claim && !!m.doc)
    .sort((x, y) => x.doc.order - y.doc.order || byStart(x.claim, y.claim));
  const checks = group.factChecks.map(describeFactCheck).join(' | ');
  return members.map(({ claim, doc: { document } }) => {
    const url = document.metadata['url'];
    return [
      group.id,
      group.canonical,
      group.layer,
      checks,
      group.note,
      claim.id,
      claim.quote,
      claim.layer,
      document.id,
      document.title,
      articleDate(document) ?? '',
      typeof url === 'string' ? url : '',
      context.links.speakers(claim).map(quoteText).join('; '),
      describeChains(context.links.chains(claim)),
    ].map(guardFormula);
  });
}

export function serializeGroupsCsv(dataset: Dataset): string {
  const context = groupRowContext(dataset);
  const rows = exportedGroups(dataset)
    .sort(compareGroups)
    .flatMap((g) => groupRows(g, context));
  return csvTable(GROUPS_CSV_FIELDS, rows);
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset): string[] => lossOf(groupsCsvLoss, dataset);

/** What the groups table leaves out: everything but the grouped claims, and annotations' attributes. */
export const groupsCsvLoss: LossTallyFactory = lossTally(({ claimGroups }) => {
  const grouped = new Set((claimGroups ?? []).flatMap((g) => g.members.map((m) => m.annotationId as string)));
  let claims = 0;
  return {
    count: (_page, { annotations }) => {
      for (const a of annotations) if (a.label === 'Claim' && !grouped.has(a.id)) claims++;
    },
    notes: (c) => {
      if (c.groups.groups().length === 0)
        return ['The groups table has one row per claim of a claim group, and the export holds no groups: it will have a header only.'];
      return [
        claims > 0 && `${plural(claims, 'claim')} in no group will be left out (the claims table lists every claim).`,
        'The groups table holds the groups and their claims with speakers and source chains: the claims’ attributes and notes, other annotations and the articles’ text are not exported.',
      ];
    },
  };
});

export const groupsCsvFormat: FormatModule = {
  id: 'groups-csv',
  help: 'Claim groups table (CSV): one row per member claim, with canonical wording, article, date, speakers, sources, fact-checks (output only)',
  writes: [
    {
      id: 'groups-csv',
      name: 'Claim groups table (CSV)',
      description: 'One row per claim of each claim group: canonical wording, article, date, speakers, source chain and fact-checks.',
      suffix: '-groups.csv',
      carriesGroups: true,
      pages: groupedDocumentsPages(serializeGroupsCsv),
      loses: groupsCsvLoss,
    },
  ],
};
