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
import { normalizeRanges, validateRanges } from '../model/spans.ts';
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { Annotation, AttributeValue, Relation, Schema, Span } from '../model/types.ts';
import {
  fail,
  ok,
  type Dataset,
  type FormatWarning,
  type ImportedAnnotation,
  type ImportedDocument,
  type ImportedRelation,
  type Result,
} from './types.ts';
import { plural } from '../model/plural.ts';
import { readAnnotationConf } from './brat-conf.ts';
import {
  describeAttributes,
  exportedRecords,
  layersOf,
  linkedEntities,
  provenanceNote,
  tallyAttributes,
  tallyMetadata,
  tallyNotes,
} from './loss.ts';
import { baseNameOf, stemOf } from './paths.ts';
import { fromText, zipFiles, type FormatModule } from './module.ts';
import type { ExportHead } from './stream.ts';

export interface BratFile {
  name: string;
  content: string;
}

/** Attribute that holds a brat normalization's reference (`Wikipedia:534366`). */
export const ENTITY_REF_ATTRIBUTE = 'entity-ref';

// ---------------------------------------------------------------------------------------------
// Offsets across canonicalisation
// ---------------------------------------------------------------------------------------------

export interface CanonicalMapping {
  /** The canonical text, equal to `canonicalizeText(raw)`. */
  text: string;
  /**
   * Maps a UTF-16 offset in the raw text to the matching offset in the canonical text. Returns
   * null for an offset that falls inside a character sequence which Unicode NFC normalisation
   * rewrote with a different length (it has no counterpart in the canonical text).
   */
  toCanonical(offset: number): number | null;
}

/**
 * Follows {@link canonicalizeText} step by step and records where every raw offset ends up:
 * CRLF and lone CR become LF (an offset between CR and LF lands before the LF), leading BOMs are
 * dropped, and NFC normalisation is applied piecewise. NFC never combines a character with a
 * following ASCII character, and every ASCII character is a starter, so the text can be normalised
 * in pieces cut before each ASCII character; a piece that NFC leaves the same length keeps its
 * inner offsets, a piece it shortens or lengthens keeps only its two ends.
 */
export function mapCanonicalization(raw: string): CanonicalMapping {
  // Step 1: line ends and BOM.
  const map1 = new Int32Array(raw.length + 1);
  const parts: string[] = [];
  let outLen = 0;
  let runStart = 0;
  const flush = (end: number): void => {
    if (end > runStart) parts.push(raw.slice(runStart, end));
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0xfeff && outLen === 0 && i === runStart) {
      // Leading byte-order marks (every one, as canonicalizeText drops them all).
      map1[i] = 0;
      runStart = i + 1;
      continue;
    }
    map1[i] = outLen;
    if (c === 0x0d) {
      flush(i);
      parts.push('\n');
      if (raw.charCodeAt(i + 1) === 0x0a) {
        map1[i + 1] = outLen;
        i++;
      }
      outLen++;
      runStart = i + 1;
      continue;
    }
    outLen++;
  }
  flush(raw.length);
  map1[raw.length] = outLen;
  const step1 = parts.join('');

  // Step 2: NFC, piecewise.
  const nfc = step1.normalize('NFC');
  if (nfc === step1) {
    return { text: nfc, toCanonical: (o) => (o >= 0 && o <= raw.length ? map1[o]! : null) };
  }
  const map2 = new Int32Array(step1.length + 1).fill(-1);
  const out: string[] = [];
  let len = 0;
  let a = 0;
  while (a < step1.length) {
    let b = a + 1;
    while (b < step1.length && step1.charCodeAt(b) >= 0x80) b++;
    const piece = step1.slice(a, b);
    const norm = piece.normalize('NFC');
    map2[a] = len;
    if (norm.length === piece.length) for (let k = 1; k < piece.length; k++) map2[a + k] = len + k;
    out.push(norm);
    len += norm.length;
    a = b;
  }
  map2[step1.length] = len;
  return {
    text: out.join(''),
    toCanonical: (o) => {
      if (!(o >= 0 && o <= raw.length)) return null;
      const m = map2[map1[o]!]!;
      return m < 0 ? null : m;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Import: .txt + .ann
// ---------------------------------------------------------------------------------------------

/** Characters that would break an `.ann` line or field; written as spaces. */
const LINE_BREAKING = /[\t\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/g;

/** A text or note as it can stand in one `.ann` field: line breaks and tabs become spaces. */
export function bratFieldText(s: string): string {
  return s.replace(LINE_BREAKING, ' ');
}

/** A name as brat can hold it: white space runs become `_`. */
export function toBratName(name: string): string {
  const n = name.trim().replace(/\s+/g, '_');
  return n === '' ? '_' : n;
}

interface TextBound {
  id: string;
  label: string;
  ranges: Span[];
  line: number;
}

interface PendingLine {
  line: number;
  id: string;
  fields: string[];
}

function baseName(name: string): string {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const base = name.slice(slash + 1);
  return base.replace(/\.txt$/i, '');
}

function addAttribute(attrs: Record<string, AttributeValue>, name: string, value: string | true): void {
  const prev = attrs[name];
  if (prev === undefined || prev === null || prev === false) attrs[name] = value;
  else if (value === true)
    return; // a binary mark adds nothing to a valued attribute
  else if (prev === true) attrs[name] = value;
  else if (Array.isArray(prev)) {
    if (!prev.includes(value)) prev.push(value);
  } else if (String(prev) !== value) attrs[name] = [String(prev), value];
}

function describeFragments(frags: [number, number][]): string {
  return frags.map(([s, e]) => `${s}–${e}`).join(', ');
}

/**
 * Reads one brat document. `txt` is the text file, `ann` its annotation file (null: the text
 * alone). Offsets in the `.ann` are code points into the `.txt` as written; they are converted to
 * UTF-16 and then carried through text canonicalisation (BOM, CRLF, NFC). Errors name the file and
 * line; unknown line types and notes or attributes on relations are skipped with a warning.
 */
export function parseBrat(txt: BratFile, ann: BratFile | null, layer?: string): Result<ImportedDocument> {
  const raw = txt.content;
  const canon = mapCanonicalization(raw);
  const text = canon.text;
  const doc: ImportedDocument = {
    title: baseName(txt.name) || txt.name,
    text,
    blocks: paragraphBlocks(text),
    metadata: {},
    annotations: [],
    relations: [],
    sourceFile: ann ? ann.name : txt.name,
  };
  if (text !== canonicalizeText(raw)) {
    return fail(txt.name, 'The text could not be normalised consistently (internal error in offset mapping).');
  }
  if (!ann) return ok(doc);

  const file = ann.name;
  const warnings: FormatWarning[] = [];
  const offsets = new OffsetMap(raw);
  const cpLength = offsets.codePointLength;
  const lines = ann.content.split(/\r?\n/);
  if (lines.length > 0 && lines[0]!.charCodeAt(0) === 0xfeff) lines[0] = lines[0]!.slice(1);

  const textBound = new Map<string, TextBound>();
  const annotations = new Map<string, ImportedAnnotation>();
  const pending: PendingLine[] = [];
  const seenIds = new Set<string>();

  // Pass 1: text-bound annotations (everything else may refer to them, in any order).
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    const id = fields[0]!.trim();
    if (id === '') return fail(file, 'The line does not start with an annotation id (such as T1).', lineNo);
    const kind = id[0]!;
    if (id !== '*' && !/^[TRAEMN#]$/.test(kind)) {
      warnings.push({ file, line: lineNo, message: `Unknown line type "${id}", skipped.` });
      continue;
    }
    if (id !== '*') {
      if (seenIds.has(id)) return fail(file, `The id ${id} is used twice.`, lineNo);
      seenIds.add(id);
    }
    if (kind !== 'T') {
      pending.push({ line: lineNo, id, fields });
      continue;
    }
    const spec = fields[1];
    if (spec === undefined) return fail(file, `${id} has no label and offsets (expected "${id}<TAB>Label start end<TAB>text").`, lineNo);
    const m = /^(\S+)\s+(\d+\s+\d+(?:\s*;\s*\d+\s+\d+)*)\s*$/.exec(spec);
    if (!m) {
      return fail(file, `${id}: "${spec}" is not a label followed by offsets such as "Claim 0 5" or "Claim 0 5;8 12".`, lineNo);
    }
    const label = m[1]!;
    const frags: [number, number][] = m[2]!.split(';').map((f) => {
      const [s, e] = f.trim().split(/\s+/);
      return [Number(s), Number(e)];
    });
    for (const [s, e] of frags) {
      if (!(s < e)) return fail(file, `${id}: the fragment ${s}–${e} is empty or reversed.`, lineNo);
      if (e > cpLength) {
        return fail(
          file,
          `${id}: the fragment ${s}–${e} ends past the end of ${txt.name}, which has ${cpLength} characters (code points).`,
          lineNo,
        );
      }
    }
    const rawRanges = frags.map(([s, e]) => ({ start: offsets.toUtf16(s), end: offsets.toUtf16(e) }));
    const atOffsets = rawRanges.map((r) => raw.slice(r.start, r.end)).join(' ');
    const stated = fields.length >= 3 ? fields.slice(2).join('\t') : null;
    if (stated === null) {
      warnings.push({ file, line: lineNo, message: `${id} gives no text to check its offsets against.` });
    } else if (stated !== atOffsets && stated !== bratFieldText(atOffsets)) {
      const squash = (s: string): string => s.normalize('NFC').replace(/\s+/g, '');
      if (squash(stated) === squash(atOffsets)) {
        warnings.push({ file, line: lineNo, message: `${id}: its text differs from the text at its offsets only in white space.` });
      } else {
        return fail(
          file,
          `${id}: the line says its text is "${stated}", but the text at code points ${describeFragments(frags)} of ${txt.name} is "${atOffsets}".`,
          lineNo,
        );
      }
    }
    const mapped: Span[] = [];
    for (let k = 0; k < rawRanges.length; k++) {
      const r = rawRanges[k]!;
      const s = canon.toCanonical(r.start);
      const e = canon.toCanonical(r.end);
      if (s === null || e === null) {
        const cp = s === null ? frags[k]![0] : frags[k]![1];
        return fail(
          file,
          `${id}: ${txt.name} is not in Unicode NFC (composed) form, and normalising it would move offset ${cp} into a composed character. Save the text in NFC form and annotate it again.`,
          lineNo,
        );
      }
      mapped.push({ start: s, end: e });
    }
    const ranges = normalizeRanges(mapped);
    const problem = validateRanges(text, ranges);
    if (problem) return fail(file, `${id}: ${problem}`, lineNo);
    textBound.set(id, { id, label, ranges, line: lineNo });
    const a: ImportedAnnotation = { key: id, label, ranges, attributes: {}, note: '', origin: 'import' };
    if (layer !== undefined) a.layer = layer;
    annotations.set(id, a);
  }

  const relations: ImportedRelation[] = [];
  const addRelation = (r: ImportedRelation): void => {
    if (layer !== undefined) r.layer = layer;
    relations.push(r);
  };

  // Events first: their ids stand for their trigger annotations in every later line.
  const eventTrigger = new Map<string, string>();
  const events = pending.filter((p) => p.id[0] === 'E');
  for (const p of events) {
    const parts = (p.fields[1] ?? '').trim().split(/\s+/);
    const head = parts[0] ?? '';
    const colon = head.lastIndexOf(':');
    const trigger = colon > 0 ? head.slice(colon + 1) : '';
    if (colon <= 0 || !textBound.has(trigger)) {
      return fail(file, `${p.id}: expected "Type:T<n>" naming the event's trigger, found "${head}".`, p.line);
    }
    eventTrigger.set(p.id, trigger);
  }
  const resolve = (ref: string): string | null => (textBound.has(ref) ? ref : (eventTrigger.get(ref) ?? null));

  for (const p of events) {
    const parts = (p.fields[1] ?? '').trim().split(/\s+/);
    const head = parts[0]!;
    const type = head.slice(0, head.lastIndexOf(':'));
    const trigger = eventTrigger.get(p.id)!;
    for (let k = 1; k < parts.length; k++) {
      const arg = parts[k]!;
      const c = arg.indexOf(':');
      const role = c > 0 ? arg.slice(0, c) : '';
      const target = c > 0 ? resolve(arg.slice(c + 1)) : null;
      if (!role || !target)
        return fail(file, `${p.id}: the argument "${arg}" is not "Role:T<n>" naming an annotation or event in this file.`, p.line);
      addRelation({ key: `${p.id}.${k}`, from: trigger, to: target, type: `${type}:${role}` });
    }
  }

  for (const p of pending) {
    const kind = p.id[0];
    if (kind === 'E') continue;
    const spec = (p.fields[1] ?? '').trim();
    const parts = spec === '' ? [] : spec.split(/\s+/);
    if (p.id === '*') {
      const [type, ...members] = parts;
      if (!type || members.length < 2)
        return fail(file, `"*" lines need a type and at least two annotations, e.g. "*\tEquiv T1 T2".`, p.line);
      const ids = members.map(resolve);
      const bad = members.find((_, k) => ids[k] === null);
      if (bad !== undefined) return fail(file, `${type} names ${bad}, which is not an annotation in this file.`, p.line);
      for (let k = 1; k < ids.length; k++) addRelation({ key: `*${p.line}.${k}`, from: ids[0]!, to: ids[k]!, type });
    } else if (kind === 'R') {
      const [type, a1, a2, ...rest] = parts;
      if (!type || !a1 || !a2 || rest.length > 0) {
        return fail(file, `${p.id}: expected "Type Arg1:T<n> Arg2:T<n>", found "${spec}".`, p.line);
      }
      const ends = [a1, a2].map((a) => {
        const c = a.indexOf(':');
        return c > 0 ? resolve(a.slice(c + 1)) : null;
      });
      if (ends[0] === null || ends[1] === null) {
        return fail(file, `${p.id}: "${ends[0] === null ? a1 : a2}" does not name an annotation in this file as "Arg:T<n>".`, p.line);
      }
      addRelation({ key: p.id, from: ends[0]!, to: ends[1]!, type });
    } else if (kind === 'A' || kind === 'M') {
      const [name, target, value, ...rest] = parts;
      if (!name || !target || rest.length > 0) {
        return fail(file, `${p.id}: expected "Name T<n>" or "Name T<n> Value", found "${spec}".`, p.line);
      }
      const key = resolve(target);
      if (key === null) {
        if (target[0] === 'R' && seenIds.has(target)) {
          warnings.push({ file, line: p.line, message: `${p.id}: attributes on relations (${target}) are not kept.` });
          continue;
        }
        return fail(file, `${p.id}: ${target} is not an annotation or event in this file.`, p.line);
      }
      addAttribute(annotations.get(key)!.attributes!, name, value ?? true);
    } else if (kind === 'N') {
      const [, target, ref] = parts;
      if (!target || !ref) return fail(file, `${p.id}: expected "Reference T<n> Database:Id", found "${spec}".`, p.line);
      const key = resolve(target);
      if (key === null) return fail(file, `${p.id}: ${target} is not an annotation or event in this file.`, p.line);
      addAttribute(annotations.get(key)!.attributes!, ENTITY_REF_ATTRIBUTE, ref);
    } else if (kind === '#') {
      const target = parts[1];
      if (!target) return fail(file, `${p.id}: expected "AnnotatorNotes T<n><TAB>note", found "${spec}".`, p.line);
      const note = p.fields.slice(2).join('\t');
      const key = resolve(target);
      if (key === null) {
        if (seenIds.has(target)) {
          warnings.push({ file, line: p.line, message: `${p.id}: notes on ${target} (not a text annotation) are not kept.` });
          continue;
        }
        return fail(file, `${p.id}: ${target} is not an annotation or event in this file.`, p.line);
      }
      const a = annotations.get(key)!;
      a.note = a.note ? `${a.note}\n${note}` : note;
    }
  }

  doc.annotations = [...annotations.values()];
  doc.relations = relations;
  return ok(doc, warnings);
}

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

/**
 * What a brat export leaves out or changes, with counts: merged layers, names with white space
 * (written with `_`), attribute values brat cannot hold or gives back differently, notes that span
 * lines, titles that become different file names, document metadata, entity records, authorship.
 */
export function lossNotes(dataset: Dataset, options: { layer?: string } = {}): string[] {
  const notes: string[] = [];
  const { annotations, relations } = exportedRecords(dataset, options);
  const layers = layersOf(annotations);
  if (layers.length > 1) {
    notes.push(
      `brat has no layers: ${plural(annotations.length, 'annotation')} from ${layers.length} layers (${layers.join(', ')}) will be merged into one .ann file per document.`,
    );
  }
  const spaced = (s: string) => toBratName(s) !== s;
  const spacedLabels = annotations.filter((a) => spaced(a.label));
  if (spacedLabels.length > 0) {
    const names = [...new Set(spacedLabels.map((a) => a.label))].sort();
    notes.push(
      `brat labels cannot hold spaces: ${plural(spacedLabels.length, 'annotation')} labelled ${names.map((n) => `"${n}"`).join(', ')} will be written as ${names.map((n) => toBratName(n)).join(', ')} and come back under that name.`,
    );
  }
  const spacedRelations = relations.filter((r) => spaced(r.type));
  if (spacedRelations.length > 0) {
    const names = [...new Set(spacedRelations.map((r) => r.type))].sort();
    notes.push(
      `brat relation types cannot hold spaces: ${plural(spacedRelations.length, 'relation')} of type ${names.map((n) => `"${n}"`).join(', ')} will be written as ${names.map((n) => toBratName(n)).join(', ')} and come back under that name.`,
    );
  }
  const dropped = tallyAttributes(annotations, (_n, v) => v === false);
  const nulls = annotations.reduce(
    (n, a) => n + Object.values(a.attributes).filter((v) => v === null || (Array.isArray(v) && v.length === 0)).length,
    0,
  );
  if (dropped.values + nulls > 0) {
    notes.push(
      `brat has no "false" or empty attribute values: ${plural(dropped.values + nulls, 'attribute value')} (false, empty or null) will be left out.`,
    );
  }
  const numbers = tallyAttributes(annotations, (_n, v) => typeof v === 'number');
  if (numbers.values > 0) notes.push(`brat attribute values are text: ${describeAttributes(numbers, 'number')} will come back as text.`);
  const singleLists = tallyAttributes(annotations, (_n, v) => Array.isArray(v) && v.length === 1);
  if (singleLists.values > 0)
    notes.push(
      `brat cannot tell a one-item list from a single value: ${describeAttributes(singleLists, 'one-item list')} will come back as a single value.`,
    );
  const spacedValues = tallyAttributes(
    annotations,
    (n, v) => spaced(n) || (typeof v === 'string' && v !== '' && spaced(v)) || (Array.isArray(v) && v.some((x) => spaced(x))),
  );
  if (spacedValues.values > 0)
    notes.push(
      `brat attribute names and values cannot hold spaces: ${describeAttributes(spacedValues)} will be written with _ in place of spaces.`,
    );
  const multiline = tallyNotes(annotations, (n) => n.trim() !== '' && bratFieldText(n) !== n);
  if (multiline.count > 0)
    notes.push(`brat notes are one line: ${plural(multiline.count, 'note')} with line breaks or tabs will have them turned into spaces.`);
  const used = new Set<string>(['annotation', 'visual', 'tools', 'kb_shortcuts']);
  const renamed = dataset.documents.filter((d) => safeFileName(d.title, used) !== d.title).length;
  if (renamed > 0)
    notes.push(
      `brat names documents by file: ${plural(renamed, 'document title')} will become a different file name (characters a file name cannot hold, length, duplicates), which is the title on import.`,
    );
  const meta = tallyMetadata(dataset.documents);
  if (meta.fields > 0)
    notes.push(
      `brat has no document metadata: ${plural(meta.fields, 'metadata field')} on ${plural(meta.documents, 'document')} will be left out.`,
    );
  const entities = linkedEntities(dataset, annotations);
  if (entities > 0)
    notes.push(
      `brat has no entity records: ${plural(entities, 'linked entity', 'linked entities')} (names, aliases, external ids) will be left out; the annotations keep the entity id as an attribute value.`,
    );
  const provenance = provenanceNote('brat', annotations);
  if (provenance) notes.push(provenance);
  return notes;
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
      mime: 'application/zip',
      selectable: true,
      loss: (dataset) => lossNotes(dataset),
      write: (dataset) => ({ data: zipFiles(serializeBrat(dataset).files) }),
      pages: bratPages(),
    },
  ],
};
