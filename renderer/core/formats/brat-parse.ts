/**
 * Reading brat standoff: one `.txt` with its `.ann` into an imported document, by the mapping
 * table in brat.ts, with offsets carried across text canonicalisation. The names and field texts
 * written by the export (brat.ts) follow the rules here ({@link toBratName}, {@link bratFieldText}).
 */
import { OffsetMap } from '../model/offsets.ts';
import { normalizeRanges, validateRanges } from '../model/spans.ts';
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { AttributeValue, Span } from '../model/types.ts';
import { fail, ok } from './types.ts';
import type { FormatWarning, ImportedAnnotation, ImportedDocument, ImportedRelation, Result } from './types.ts';

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
  if (text === '') return fail(txt.name, 'The text file is empty: there is nothing to annotate.');
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
