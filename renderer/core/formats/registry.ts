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
import { groupsNotCarried } from './groups.ts';
import { doccanoFormat } from './doccano.ts';
import { groupsCsvFormat } from './groups-csv.ts';
import { htmlFormat } from './html.ts';
import { labelStudioFormat } from './labelstudio.ts';
import { markdownFormat } from './markdown.ts';
import type { FormatModule, FormatReader, FormatWriter } from './module.ts';
import { jsonlFormat } from './native-jsonl.ts';
import { pdfFormat } from './pdf.ts';
import { spacyFormat } from './spacy.ts';
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

/**
 * Every writer, in list order: the export dialog's choices. A writer that does not carry claim
 * groups has the note saying so added to its loss report.
 */
export const WRITERS: readonly FormatWriter[] = FORMATS.flatMap((m) => m.writes ?? []).map((w) =>
  w.carriesGroups ? w : { ...w, loss: (dataset: Dataset) => [...w.loss(dataset), ...[groupsNotCarried(w.name, dataset) ?? []].flat()] },
);

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
