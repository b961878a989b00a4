/**
 * brat standoff (https://brat.nlplab.org/standoff.html): a `.txt` file holding the text and an
 * `.ann` file holding annotations that point into it by Unicode code point offsets, plus an
 * `annotation.conf` describing the annotation scheme.
 *
 * How brat's records map onto Claimscope's model:
 *
 * | brat line                                   | Claimscope                                               |
 * |---------------------------------------------|----------------------------------------------------------|
 * | `T1\tLabel 0 5;8 12\ttext`                  | an annotation; each `;`-separated fragment is one range  |
 * | `R1\tType Arg1:T1 Arg2:T2`                  | a relation `T1 → T2` of type `Type`                      |
 * | `E1\tType:T1 Role:T2 Role2:T3`              | one relation per argument, from the trigger `T1` to the  |
 * |                                             | argument, typed `Type:Role` (`Die:Victim`); an event that|
 * |                                             | is itself an argument, or carries an attribute or note,  |
 * |                                             | stands for its trigger annotation                        |
 * | `*\tEquiv T1 T2 T3`                         | relations `T1 → T2`, `T1 → T3` of type `Equiv`           |
 * | `A1\tName T1` / `A1\tName T1 Value`         | attribute `Name: true` / `Name: "Value"`; the same name  |
 * | (and `M1`, the older modifier form)         | given several values becomes a list                      |
 * | `N1\tReference T1 Wikipedia:534366\tObama`  | attribute `entity-ref: "Wikipedia:534366"`               |
 * | `#1\tAnnotatorNotes T1\tnote`               | the annotation's note (several notes joined by a newline)|
 *
 * brat names (labels, relation types, attribute names and values) cannot hold white space: on
 * export every run of white space becomes `_` ({@link toBratName}); imports keep names as written.
 * A note or a quoted text that spans lines is written on one line with its line breaks as spaces.
 */
import { LABEL_PALETTE } from '../model/schema.ts';
import { OffsetMap } from '../model/offsets.ts';
import type { Annotation, AttributeValue, Relation, Schema } from '../model/types.ts';
import { fail, type Dataset } from './types.ts';
import { plural } from '../model/plural.ts';
import { readAnnotationConf } from './brat-conf.ts';
import {
  addTally,
  countDocuments,
  countNotes,
  describeAttributes,
  lossOf,
  lossTally,
  mergedLayersNote,
  noEntityRecordsNote,
  noMetadataNote,
  provenanceNote,
  tallyAttributes,
  zeroTally,
  type LossTallyFactory,
  type Written,
} from './loss.ts';
import { baseNameOf, stemOf } from './paths.ts';
import { fromText, type FormatModule } from './module.ts';
import type { ExportHead } from './stream.ts';
import { bratFieldText, parseBrat, toBratName } from './brat-parse.ts';

export { mapCanonicalization, parseBrat, type BratFile } from './brat-parse.ts';

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const RESERVED_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const MAX_NAME = 80;

/**
 * A file name (without extension) made from a title: letters, digits, `-`, `_` and `.` kept,
 * anything else as `_`, at most 80 characters, a Windows device name prefixed with `_`, unique among
 * `used` compared without case (`name`, `name-2`, `name-3` …). Adds the result to `used`.
 */
export function safeFileName(title: string, used: Set<string>): string {
  let base = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/^[_.]+|[_.]+$/g, '');
  if (base === '') base = 'document';
  const cut = (s: string, n: number): string => {
    const c =
      Array.from(s)
        .slice(0, n)
        .join('')
        .replace(/[_.]+$/, '') || 'document';
    return RESERVED_NAMES.test(c.split('.')[0]!) ? `_${c}` : c;
  };
  let nameOut = cut(base, MAX_NAME - 1);
  for (let k = 2; used.has(nameOut.toLowerCase()); k++) {
    const suffix = `-${k}`;
    nameOut = cut(base, MAX_NAME - 1 - suffix.length) + suffix;
  }
  used.add(nameOut.toLowerCase());
  return nameOut;
}

function compareAnnotations(a: Annotation, b: Annotation): number {
  const ra = a.ranges[0];
  const rb = b.ranges[0];
  return (
    (ra?.start ?? 0) - (rb?.start ?? 0) ||
    (rb?.end ?? 0) - (ra?.end ?? 0) ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function attributeValues(v: AttributeValue): (string | true)[] {
  if (v === null || v === false) return [];
  if (v === true) return [true];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

/**
 * Writes a dataset as brat standoff: per document `<name>.txt` (its canonical text) and
 * `<name>.ann`, plus `annotation.conf` and `visual.conf` from the project's schema. Offsets are
 * code points; a discontinuous annotation's text is its fragments joined by a space, as brat
 * writes it. Attributes: `true` → a binary `A` line, `false`/null → nothing, strings and numbers
 * → a valued `A` line, lists → one `A` line per value. Notes → `#n AnnotatorNotes`. Names with
 * white space are written with `_` ({@link toBratName}). `layer` keeps only that layer's
 * annotations and relations. Files and lines come in a fixed order.
 */
export function serializeBrat(dataset: Dataset, options: { layer?: string } = {}): { files: { path: string; content: string }[] } {
  const writer = bratPages(options)({ project: dataset.project, entities: dataset.entities ?? [] });
  return { files: [...writer.page(dataset), ...writer.end()] };
}

/** The brat folder a page of documents at a time: each document's `.txt` and `.ann`, then the configuration files. */
export function bratPages(options: { layer?: string } = {}) {
  return ({ project }: ExportHead) => {
    const used = new Set<string>(['annotation', 'visual', 'tools', 'kb_shortcuts']);
    const usedLabels = new Set<string>();
    const usedRelations = new Set<string>();
    const usedAttrValues = new Map<string, { labels: Set<string>; values: Set<string>; binary: boolean }>();
    const state = { used, usedLabels, usedRelations, usedAttrValues };
    return {
      page: (page: Dataset) => bratDocuments(page, options.layer, state),
      end: (): { path: string; content: string }[] => [
        { path: 'annotation.conf', content: annotationConf(project.schema, usedLabels, usedRelations, usedAttrValues) },
        { path: 'visual.conf', content: visualConf(project.schema, usedLabels) },
      ],
    };
  };
}

function bratDocuments(
  dataset: Dataset,
  layer: string | undefined,
  state: {
    used: Set<string>;
    usedLabels: Set<string>;
    usedRelations: Set<string>;
    usedAttrValues: Map<string, { labels: Set<string>; values: Set<string>; binary: boolean }>;
  },
): { path: string; content: string }[] {
  const { used, usedLabels, usedRelations, usedAttrValues } = state;
  const files: { path: string; content: string }[] = [];

  const byDoc = new Map<string, Annotation[]>();
  for (const a of dataset.annotations) {
    if (layer !== undefined && a.layer !== layer) continue;
    const list = byDoc.get(a.documentId) ?? [];
    list.push(a);
    byDoc.set(a.documentId, list);
  }

  const relsByDoc = new Map<string, Relation[]>();
  for (const r of dataset.relations) {
    if (layer !== undefined && r.layer !== layer) continue;
    (relsByDoc.get(r.documentId) ?? relsByDoc.set(r.documentId, []).get(r.documentId)!).push(r);
  }

  for (const doc of dataset.documents) {
    const name = safeFileName(doc.title, used);
    const anns = (byDoc.get(doc.id) ?? []).filter((a) => a.ranges.length > 0).sort(compareAnnotations);
    const map = new OffsetMap(doc.text);
    const tId = new Map<string, string>();
    const out: string[] = [];
    let attrN = 0;
    let noteN = 0;
    const attrLines: string[] = [];
    const noteLines: string[] = [];
    anns.forEach((a, i) => {
      const id = `T${i + 1}`;
      tId.set(a.id, id);
      const label = toBratName(a.label);
      usedLabels.add(label);
      const frags = a.ranges.map((r) => `${map.toCodePoint(r.start)} ${map.toCodePoint(r.end)}`).join(';');
      const quoted = bratFieldText(a.ranges.map((r) => doc.text.slice(r.start, r.end)).join(' '));
      out.push(`${id}\t${label} ${frags}\t${quoted}`);
      for (const key of Object.keys(a.attributes).sort()) {
        const aname = toBratName(key);
        for (const v of attributeValues(a.attributes[key]!)) {
          attrN++;
          attrLines.push(v === true ? `A${attrN}\t${aname} ${id}` : `A${attrN}\t${aname} ${id} ${toBratName(v)}`);
          const info = usedAttrValues.get(aname) ?? { labels: new Set(), values: new Set(), binary: false };
          info.labels.add(label);
          if (v === true) info.binary = true;
          else info.values.add(toBratName(v));
          usedAttrValues.set(aname, info);
        }
      }
      if (a.note.trim() !== '') {
        noteN++;
        noteLines.push(`#${noteN}\tAnnotatorNotes ${id}\t${bratFieldText(a.note)}`);
      }
    });
    const rels = (relsByDoc.get(doc.id) ?? [])
      .filter((r) => tId.has(r.from) && tId.has(r.to))
      .map((r) => ({ r, from: Number(tId.get(r.from)!.slice(1)), to: Number(tId.get(r.to)!.slice(1)), type: toBratName(r.type) }))
      .sort((x, y) => x.from - y.from || x.to - y.to || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0) || (x.r.id < y.r.id ? -1 : 1));
    rels.forEach((x, i) => {
      usedRelations.add(x.type);
      out.push(`R${i + 1}\t${x.type} Arg1:T${x.from} Arg2:T${x.to}`);
    });
    out.push(...attrLines, ...noteLines);
    files.push({ path: `${name}.txt`, content: doc.text });
    files.push({ path: `${name}.ann`, content: out.length > 0 ? `${out.join('\n')}\n` : '' });
  }
  return files;
}

function annotationConf(
  schema: Schema,
  usedLabels: Set<string>,
  usedRelations: Set<string>,
  usedAttrs: Map<string, { labels: Set<string>; values: Set<string>; binary: boolean }>,
): string {
  const entityNames: string[] = [];
  for (const l of schema.labels) {
    const n = toBratName(l.name);
    if (!entityNames.includes(n)) entityNames.push(n);
  }
  for (const l of [...usedLabels].sort()) if (!entityNames.includes(l)) entityNames.push(l);
  const args = (names: string[]): string => (names.length === 0 ? '<ANY>' : names.map(toBratName).join('|'));

  const lines = ['# Written by Claimscope from the project schema.', '[entities]', ...entityNames, '', '[relations]'];
  const relNames = new Set<string>();
  for (const r of schema.relationTypes) {
    const n = toBratName(r.name);
    if (relNames.has(n)) continue;
    relNames.add(n);
    lines.push(`${n}\tArg1:${args(r.from)}, Arg2:${args(r.to)}`);
  }
  for (const r of [...usedRelations].sort()) if (!relNames.has(r)) lines.push(`${r}\tArg1:<ANY>, Arg2:<ANY>`);
  lines.push('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>', '', '[events]', '', '[attributes]');

  // Attributes: schema definitions merged by name, with the values the export actually uses.
  const attrs = new Map<string, { labels: string[]; values: string[]; binary: boolean }>();
  for (const l of schema.labels) {
    for (const d of l.attributes ?? []) {
      const n = toBratName(d.name);
      const e = attrs.get(n) ?? { labels: [], values: [], binary: d.type === 'boolean' };
      const ln = toBratName(l.name);
      if (!e.labels.includes(ln)) e.labels.push(ln);
      for (const o of d.options ?? []) if (!e.values.includes(toBratName(o))) e.values.push(toBratName(o));
      attrs.set(n, e);
    }
  }
  for (const [n, info] of [...usedAttrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const e = attrs.get(n) ?? { labels: [], values: [], binary: info.binary && info.values.size === 0 };
    for (const l of [...info.labels].sort()) if (!e.labels.includes(l)) e.labels.push(l);
    for (const v of [...info.values].sort()) if (!e.values.includes(v)) e.values.push(v);
    attrs.set(n, e);
  }
  for (const [n, e] of attrs) {
    if (e.binary || e.values.length === 0) lines.push(`${n}\tArg:${e.labels.join('|')}`);
    else lines.push(`${n}\tArg:${e.labels.join('|')}, Value:${e.values.join('|')}`);
  }
  return `${lines.join('\n')}\n`;
}

function visualConf(schema: Schema, usedLabels: Set<string>): string {
  const lines = ['[labels]', '', '[drawing]'];
  const done = new Set<string>();
  for (const l of schema.labels) {
    const n = toBratName(l.name);
    if (done.has(n)) continue;
    done.add(n);
    lines.push(`${n}\tbgColor:${l.color}`);
  }
  let i = schema.labels.length;
  for (const l of [...usedLabels].sort()) {
    if (done.has(l)) continue;
    done.add(l);
    lines.push(`${l}\tbgColor:${LABEL_PALETTE[i++ % LABEL_PALETTE.length]}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Loss report
// ---------------------------------------------------------------------------------------------

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: Written = {}): string[] => lossOf(bratLoss(options), dataset);

/**
 * What a brat export leaves out or changes, with counts: merged layers, names with white space
 * (written with `_`), attribute values brat cannot hold or gives back differently, notes that span
 * lines, titles that become different file names, document metadata, entity records, authorship.
 */
export function bratLoss(only: Written = {}): LossTallyFactory {
  const spaced = (s: string) => toBratName(s) !== s;
  const renamedWith = (names: Set<string>) => {
    const sorted = [...names].sort();
    return `${sorted.map((n) => `"${n}"`).join(', ')} will be written as ${sorted.map((n) => toBratName(n)).join(', ')} and come back under that name.`;
  };
  return lossTally(() => {
    const spacedLabels = { count: 0, names: new Set<string>() };
    const spacedTypes = { count: 0, names: new Set<string>() };
    const tallies = { dropped: zeroTally(), numbers: zeroTally(), singleLists: zeroTally(), spacedValues: zeroTally() };
    let nulls = 0;
    let multiline = 0;
    let renamed = 0;
    const used = new Set<string>(['annotation', 'visual', 'tools', 'kb_shortcuts']);
    return {
      count(page, { annotations, relations }) {
        for (const a of annotations) if (spaced(a.label)) countName(spacedLabels, a.label);
        for (const r of relations) if (spaced(r.type)) countName(spacedTypes, r.type);
        addTally(
          tallies.dropped,
          tallyAttributes(annotations, (_n, v) => v === false),
        );
        for (const a of annotations)
          for (const v of Object.values(a.attributes)) if (v === null || (Array.isArray(v) && v.length === 0)) nulls++;
        addTally(
          tallies.numbers,
          tallyAttributes(annotations, (_n, v) => typeof v === 'number'),
        );
        addTally(
          tallies.singleLists,
          tallyAttributes(annotations, (_n, v) => Array.isArray(v) && v.length === 1),
        );
        addTally(
          tallies.spacedValues,
          tallyAttributes(
            annotations,
            (n, v) => spaced(n) || (typeof v === 'string' && v !== '' && spaced(v)) || (Array.isArray(v) && v.some((x) => spaced(x))),
          ),
        );
        multiline += countNotes(annotations, (n) => n.trim() !== '' && bratFieldText(n) !== n);
        renamed += countDocuments(page, (d) => safeFileName(d.title, used) !== d.title);
      },
      notes: (c) => [
        mergedLayersNote('brat', c, 'will be merged into one .ann file per document.'),
        spacedLabels.count > 0 &&
          `brat labels cannot hold spaces: ${plural(spacedLabels.count, 'annotation')} labelled ${renamedWith(spacedLabels.names)}`,
        spacedTypes.count > 0 &&
          `brat relation types cannot hold spaces: ${plural(spacedTypes.count, 'relation')} of type ${renamedWith(spacedTypes.names)}`,
        tallies.dropped.values + nulls > 0 &&
          `brat has no "false" or empty attribute values: ${plural(tallies.dropped.values + nulls, 'attribute value')} (false, empty or null) will be left out.`,
        tallies.numbers.values > 0 &&
          `brat attribute values are text: ${describeAttributes(tallies.numbers, 'number')} will come back as text.`,
        tallies.singleLists.values > 0 &&
          `brat cannot tell a one-item list from a single value: ${describeAttributes(tallies.singleLists, 'one-item list')} will come back as a single value.`,
        tallies.spacedValues.values > 0 &&
          `brat attribute names and values cannot hold spaces: ${describeAttributes(tallies.spacedValues)} will be written with _ in place of spaces.`,
        multiline > 0 &&
          `brat notes are one line: ${plural(multiline, 'note')} with line breaks or tabs will have them turned into spaces.`,
        renamed > 0 &&
          `brat names documents by file: ${plural(renamed, 'document title')} will become a different file name (characters a file name cannot hold, length, duplicates), which is the title on import.`,
        noMetadataNote('brat', c),
        noEntityRecordsNote(
          'brat',
          c,
          ' (names, aliases, external ids) will be left out; the annotations keep the entity id as an attribute value.',
        ),
        provenanceNote('brat', c),
      ],
    };
  }, only);
}

function countName(tally: { count: number; names: Set<string> }, name: string): void {
  tally.count++;
  tally.names.add(name);
}

export const bratFormat: FormatModule = {
  id: 'brat',
  help: 'brat standoff: a folder of .txt/.ann pairs plus annotation.conf (code point offsets)',
  reads: {
    detects: { brat: 'brat standoff', 'brat-conf': 'brat annotation.conf' },
    extensions: { brat: ['ann'] },
    usesLayer: true,
    read: (input, options) => {
      const content = input.text();
      if (!content.ok) return content;
      if (input.kind === 'brat-conf') {
        // A configuration that cannot be read is a warning: the documents keep their .ann types.
        const conf = readAnnotationConf(input.name, content.value);
        return { ok: true, value: { documents: [], ...(conf.schema && { schema: conf.schema }) }, warnings: conf.warnings };
      }
      const txtName = `${stemOf(input.name)}.txt`;
      const txt = input.sibling(txtName);
      if (!txt) return fail(input.name, `There is no text file ${baseNameOf(txtName)} beside it; brat annotations need their .txt.`);
      return fromText(txt, (text) =>
        parseBrat({ name: txt.name, content: text }, { name: input.name, content: content.value }, options.layer),
      );
    },
  },
  writes: [
    {
      id: 'brat',
      name: 'brat standoff (.zip)',
      description: 'A .txt and .ann file per document plus annotation.conf, offsets in code points.',
      suffix: '-brat.zip',
      filter: { name: 'brat standoff (zip)', extensions: ['zip'] },
      pages: bratPages(),
      loses: bratLoss(),
    },
  ],
};
