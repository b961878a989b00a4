/**
 * Every file format Claimscope knows, in one list. Detection names, import, export, the loss
 * report and the command line (`claimscope convert`) all read this list; none of them names a
 * format of its own.
 *
 * Adding a format: write its module (the parser and/or serializer, its `lossNotes` built on
 * `loss.ts`, and a `FormatModule` saying what it reads, writes and loses — see `module.ts`),
 * then add one line to FORMATS below. If files of the new kind need recognising by their
 * content, teach `detect.ts` the new kind too.
 */
import { archiveFormat } from './archive.ts';
import { txtFormat } from './article.ts';
import { bratFormat } from './brat.ts';
import { claimReviewFormat } from './claimreview.ts';
import { claimReviewGroupsFormat } from './claimreview-groups.ts';
import { conllFormat } from './conll.ts';
import { csvFormat } from './csv.ts';
import type { ImportFormat } from './detect.ts';
import { exportedGroupsTally, groupsNotCarried } from './groups.ts';
import { lossOf, type LossTallyFactory } from './loss.ts';
import { doccanoFormat } from './doccano.ts';
import { groupsCsvFormat } from './groups-csv.ts';
import { htmlFormat } from './html.ts';
import { labelStudioFormat } from './labelstudio.ts';
import { markdownFormat } from './markdown.ts';
import type { FormatModule, FormatReader, FormatWriter, WriterDeclaration } from './module.ts';
import { jsonlFormat } from './native-jsonl.ts';
import { pdfFormat } from './pdf.ts';
import { spacyFormat } from './spacy.ts';
import { writeWhole } from './stream.ts';
import type { Dataset } from './types.ts';
import { w3cFormat } from './w3c.ts';

/** In the order the export dialog and `--help` list them. */
export const FORMATS: readonly FormatModule[] = [
  jsonlFormat,
  archiveFormat,
  csvFormat,
  groupsCsvFormat,
  bratFormat,
  conllFormat,
  doccanoFormat,
  labelStudioFormat,
  w3cFormat,
  spacyFormat,
  claimReviewFormat,
  claimReviewGroupsFormat,
  txtFormat,
  markdownFormat,
  htmlFormat,
  pdfFormat,
];

/** The format module with this command-line id. */
export function formatModule(id: string): FormatModule | undefined {
  return FORMATS.find((m) => m.id === id);
}

/** Each exported file extension's MIME type and, where it is not the format's own name, its save dialog filter. */
const FILE_KINDS: Record<string, { mime: string; filter?: { name: string; extensions: string[] } }> = {
  jsonl: { mime: 'application/jsonl' },
  json: { mime: 'application/json' },
  jsonld: { mime: 'application/ld+json', filter: { name: 'JSON-LD', extensions: ['jsonld', 'json'] } },
  csv: { mime: 'text/csv', filter: { name: 'CSV', extensions: ['csv'] } },
  zip: { mime: 'application/zip' },
};

/**
 * A writer as the app reads it, from its module's declaration: the usual filter and MIME type,
 * the whole-file and page writers from each other, and the loss report from `loses` (with, for a
 * writer that does not carry claim groups, the note that they are left out).
 */
function writerOfDeclaration(d: WriterDeclaration): FormatWriter {
  const extension = d.suffix.slice(d.suffix.lastIndexOf('.') + 1);
  const kind = FILE_KINDS[extension];
  const loses: LossTallyFactory = d.carriesGroups ? d.loses : withGroupsNote(d.name, d.loses);
  const writer: FormatWriter = {
    ...d,
    filter: d.filter ?? kind?.filter ?? { name: d.name, extensions: [extension] },
    mime: d.mime ?? kind?.mime ?? 'application/octet-stream',
    selectable: d.selectable ?? true,
    loses,
    loss: (dataset: Dataset) => lossOf(loses, dataset),
  };
  const { write, pages } = d;
  if (!write && pages) writer.write = (dataset) => ({ data: writeWhole(pages, dataset) });
  if (write && !pages && d.chunked) writer.pages = () => ({ page: (page) => write(page).data as string, end: () => '' });
  return writer;
}

/** The tally with the note that the export's claim groups are left out added at the end. */
function withGroupsNote(name: string, tally: LossTallyFactory): LossTallyFactory {
  return (head) => {
    const own = tally(head);
    const groups = exportedGroupsTally(head);
    return {
      page(page) {
        own.page(page);
        groups.page(page);
      },
      notes: () => [...own.notes(), ...[groupsNotCarried(name, groups.groups()) ?? []].flat()],
    };
  };
}

/** Every writer, in list order: the export dialog's choices. */
export const WRITERS: readonly FormatWriter[] = FORMATS.flatMap((m) => m.writes ?? []).map(writerOfDeclaration);

/** The writer with this export id; throws for an id no module declares. */
export function writerOf(id: string): FormatWriter {
  const w = WRITERS.find((x) => x.id === id);
  if (!w) throw new Error(`Unknown export format "${id}".`);
  return w;
}

/** The reader of a detected kind, with the module it belongs to. */
export function readerOf(kind: ImportFormat): { module: FormatModule; reader: FormatReader } | undefined {
  for (const module of FORMATS) if (module.reads && kind in module.reads.detects) return { module, reader: module.reads };
  return undefined;
}

/** The kind a file extension decides, as the readers declare it; undefined for the rest. */
export function kindOfExtension(ext: string): ImportFormat | undefined {
  for (const m of FORMATS) {
    for (const [kind, exts] of Object.entries(m.reads?.extensions ?? {})) if (exts.includes(ext)) return kind as ImportFormat;
  }
  return undefined;
}

/** The name the user sees for each detected kind (in the import dialog's file list). */
export const FORMAT_NAMES: Record<ImportFormat, string> = Object.assign(
  { archive: 'Zip archive', unknown: 'Unknown' } as Record<ImportFormat, string>,
  ...FORMATS.map((m) => m.reads?.detects ?? {}),
);

/** The MIME type of an exported file, from its name (the longest matching suffix wins); undefined for other files. */
export function mimeOf(fileName: string): string | undefined {
  const matching = WRITERS.filter((w) => fileName.endsWith(w.suffix)).sort((a, b) => b.suffix.length - a.suffix.length);
  return matching[0]?.mime;
}
