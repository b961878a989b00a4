/**
 * W3C Web Annotation Data Model, JSON-LD (https://www.w3.org/TR/annotation-model/).
 *
 * Export writes one `AnnotationCollection` (`@context` first, `id` a `urn:claimscope:` IRI, `label`
 * the project's name, `total`) with all items in one embedded `AnnotationPage` (`first`):
 * - For each document, first a **document annotation** (`motivation: describing`) whose target is
 *   the document itself, an External Web Resource `{ id: urn:claimscope:document:<id>, type: Text,
 *   format: text/plain }`, and whose bodies are two TextualBodies: the full text (`format:
 *   text/plain`) and `{ title, metadata }` as JSON (`format: application/json`). The model lets a
 *   target only be an IRI, an External Web Resource, a Specific Resource or a Choice — not an
 *   embedded TextualBody — so the text travels as a body describing its document, which keeps the
 *   file conformant and lets import rebuild the documents.
 * - Each span annotation: `motivation: tagging`, `created`, `modified`, `creator` (a Person, or
 *   Software for rule/model origin), bodies: a TextualBody with `purpose: tagging` holding the
 *   label; each attribute as a TextualBody with `name` (foaf:name from the context) and `purpose:
 *   classifying` (`describing` for free-text and number attributes of the schema), its value as
 *   text, or as JSON (`format: application/json`) when it is not a string; the note with `purpose:
 *   commenting`. The target is a SpecificResource on the document IRI with two equivalent
 *   selectors: a TextPositionSelector (start/end in Unicode **code points**, as the model
 *   requires) and a TextQuoteSelector (`exact`, `prefix`/`suffix` of up to 32 code points).
 * - A discontinuous span has one SpecificResource target per range (a list of targets). The
 *   model has no selector for several disjoint segments of one resource, and a `Choice` would mean
 *   "any one of these"; a list of targets keeps every segment. Claimscope reads the targets of one
 *   annotation back as one discontinuous span; other tools see several targets. See lossNotes.
 * - A relation: `motivation: linking`, target the two annotation IRIs in order (from, to), body a
 *   TextualBody with `purpose: tagging` naming the relation type.
 * - Layer and origin, which the model has no terms for, are `claimscope:layer` and
 *   `claimscope:origin`, with the `claimscope:` prefix declared in a second `@context` entry after
 *   the Web Annotation context (the model allows further contexts after it).
 *
 * Import accepts a single Annotation, an array of annotations (or of pages), an AnnotationPage,
 * or an AnnotationCollection with embedded pages (following embedded `next` pages). Document texts
 * come from document annotations in the file, or from `options.texts` keyed by source IRI. Where a
 * TextPositionSelector and a TextQuoteSelector disagree, the quote wins if it occurs once in the
 * text (or once with its prefix and suffix), and a warning says so.
 */
import { OffsetMap } from '../model/offsets.ts';
import { ORIGINS, type Annotation, type AttributeValue, type Metadata, type Origin, type Span } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import {
  bundleCounts,
  bundleDataset,
  finishDocument,
  isRecord,
  sortedMetadata,
  toMetadataValue,
  tryParseJson,
  type DraftAnnotation,
  type JsonRecord,
} from './interchange.ts';
import { fail, ok, type Dataset, type FormatWarning, type ImportedDocument, type ImportedRelation, type Result } from './types.ts';
import { lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import { fromText, type FormatModule } from './module.ts';
import { textOf, type ExportHead, type TextParts } from './stream.ts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const VOCAB = 'urn:claimscope:vocab#';
const DOC_PREFIX = 'urn:claimscope:document:';
const ANNOTATION_PREFIX = 'urn:claimscope:annotation:';
const RELATION_PREFIX = 'urn:claimscope:relation:';
const CONTEXT_LENGTH = 32;

export interface W3cSerializeOptions {
  /** The collection's IRI; default `urn:claimscope:project:<project id>:annotations`. */
  collectionId?: string;
}

export interface W3cParseOptions {
  /** Put every imported annotation into this layer (default: the file's `claimscope:layer`, else `import`). */
  layer?: string;
  /** Texts of documents the file refers to but does not contain, keyed by source IRI. */
  texts?: Record<string, string>;
}

export function documentIri(documentId: string): string {
  return `${DOC_PREFIX}${encodeURIComponent(documentId)}`;
}

function annotationIri(id: string): string {
  return `${ANNOTATION_PREFIX}${encodeURIComponent(id)}`;
}

export function serializeW3c(dataset: Dataset, options: W3cSerializeOptions = {}): string {
  const writer = w3cPages(options)({ project: dataset.project, entities: dataset.entities ?? [] });
  writer.prepass(dataset);
  return textOf(writer.page(dataset)) + writer.end();
}

/**
 * The W3C collection a page of documents at a time: the first pass counts the items (the
 * collection's `total` comes before them), then each page's items follow the head. A page is
 * written in parts, an item each (W3C writes the most of any format: every text, and a quote with
 * its context per annotation), so neither an item's objects nor its text outlive its writing.
 */
export function w3cPages(options: W3cSerializeOptions = {}) {
  return ({ project }: ExportHead) => {
    const collectionId = options.collectionId ?? `urn:claimscope:project:${encodeURIComponent(project.id)}:annotations`;
    const attributeTypes = new Map<string, string>();
    for (const label of project.schema.labels)
      for (const a of label.attributes ?? []) attributeTypes.set(`${label.name}\u0000${a.name}`, a.type);
    let total = 0;
    let started = false;
    let first = true;
    const head = (): string => {
      const collection = {
        '@context': [ANNO_CONTEXT, { claimscope: VOCAB }],
        id: collectionId,
        type: 'AnnotationCollection',
        label: project.name,
        total,
        first: { id: `${collectionId}:page-1`, type: 'AnnotationPage', startIndex: 0, items: [] },
      };
      const json = JSON.stringify(collection);
      return json.slice(0, json.length - ']}}'.length);
    };
    return {
      prepass(page: Dataset) {
        const counts = bundleCounts(page);
        total += counts.documents + counts.annotations + counts.relations;
      },
      page(page: Dataset): TextParts {
        const opening = started ? '' : head();
        started = true;
        function* parts(): Generator<string> {
          if (opening !== '') yield opening;
          for (const item of w3cItems(page, attributeTypes)) {
            yield (first ? '' : ',') + JSON.stringify(item);
            first = false;
          }
        }
        return { parts: parts() };
      },
      end(): string {
        return `${started ? '' : head()}]}}\n`;
      },
    };
  };
}

function* w3cItems(dataset: Dataset, attributeTypes: ReadonlyMap<string, string>): Generator<JsonRecord> {
  for (const bundle of bundleDataset(dataset)) {
    const { document } = bundle;
    const source = documentIri(document.id);
    const offsets = new OffsetMap(document.text);
    yield {
      id: `${source}#text`,
      type: 'Annotation',
      motivation: 'describing',
      created: document.createdAt,
      modified: document.updatedAt,
      body: [
        { type: 'TextualBody', purpose: 'describing', format: 'text/plain', value: document.text },
        {
          type: 'TextualBody',
          purpose: 'describing',
          format: 'application/json',
          value: JSON.stringify({ title: document.title, metadata: sortedMetadata(document.metadata) }),
        },
      ],
      target: { id: source, type: 'Text', format: 'text/plain' },
    };
    for (const a of bundle.annotations) {
      const targets = a.ranges.map((r) => {
        const start = offsets.toCodePoint(r.start);
        const end = offsets.toCodePoint(r.end);
        const quote: JsonRecord = { type: 'TextQuoteSelector', exact: document.text.slice(r.start, r.end) };
        const prefix = document.text.slice(offsets.toUtf16(start - CONTEXT_LENGTH), offsets.toUtf16(start));
        const suffix = document.text.slice(offsets.toUtf16(end), offsets.toUtf16(end + CONTEXT_LENGTH));
        if (prefix !== '') quote['prefix'] = prefix;
        if (suffix !== '') quote['suffix'] = suffix;
        return { type: 'SpecificResource', source, selector: [{ type: 'TextPositionSelector', start, end }, quote] };
      });
      yield {
        id: annotationIri(a.id),
        type: 'Annotation',
        motivation: 'tagging',
        created: a.createdAt,
        modified: a.updatedAt,
        creator: creator(a.createdBy, a.origin),
        'claimscope:layer': a.layer,
        'claimscope:origin': a.origin,
        body: bodies(a, attributeTypes),
        target: targets.length === 1 ? targets[0] : targets,
      };
    }
    const byId = new Map(bundle.annotations.map((a) => [a.id as string, a]));
    for (const r of bundle.relations) {
      yield {
        id: `${RELATION_PREFIX}${encodeURIComponent(r.id)}`,
        type: 'Annotation',
        motivation: 'linking',
        created: r.createdAt,
        modified: r.updatedAt,
        creator: creator(r.createdBy, byId.get(r.from)?.origin ?? 'human'),
        'claimscope:layer': r.layer,
        body: [{ type: 'TextualBody', purpose: 'tagging', value: r.type }],
        target: [annotationIri(r.from), annotationIri(r.to)],
      };
    }
  }
}

function creator(name: string, origin: Origin): JsonRecord {
  return {
    id: `urn:claimscope:agent:${encodeURIComponent(name)}`,
    type: origin === 'rule' || origin === 'model' ? 'Software' : 'Person',
    name,
  };
}

function bodies(a: Annotation, attributeTypes: ReadonlyMap<string, string>): JsonRecord[] {
  const out: JsonRecord[] = [{ type: 'TextualBody', purpose: 'tagging', value: a.label }];
  for (const name of Object.keys(a.attributes).sort()) {
    const value = a.attributes[name]!;
    const kind = attributeTypes.get(`${a.label}\u0000${name}`);
    const purpose = kind === 'text' || kind === 'number' ? 'describing' : 'classifying';
    out.push(
      typeof value === 'string'
        ? { type: 'TextualBody', purpose, name, format: 'text/plain', value }
        : { type: 'TextualBody', purpose, name, format: 'application/json', value: JSON.stringify(value) },
    );
  }
  if (a.note !== '') out.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: a.note });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import

interface DocumentSource {
  iri: string;
  text: string;
  title?: unknown;
  metadata: Metadata;
  annotations: DraftAnnotation[];
  relations: ImportedRelation[];
  /** True when the file holds the document itself, not only annotations of it. */
  inFile: boolean;
  offsets?: OffsetMap;
}

export function parseW3c(name: string, content: string, options: W3cParseOptions = {}): Result<ImportedDocument[]> {
  const parsed = tryParseJson(content);
  if (!('value' in parsed)) return fail(name, `The file is not valid JSON (${parsed.problem}).`);
  const collected = collectAnnotations(parsed.value);
  if (typeof collected === 'string') return fail(name, collected);
  const warnings: FormatWarning[] = [];
  const warn = (message: string) => warnings.push({ file: name, message });

  const sources = new Map<string, DocumentSource>();
  for (const [iri, text] of Object.entries(options.texts ?? {}))
    sources.set(iri, { iri, text, metadata: {}, annotations: [], relations: [], inFile: false });
  const spans: { item: JsonRecord; index: number }[] = [];
  const links: { item: JsonRecord; index: number }[] = [];
  collected.forEach((item, index) => {
    if (!isRecord(item)) return warn(`Left out item ${index + 1}: it is not an annotation object.`);
    if (hasValue(item['motivation'], 'linking')) return void links.push({ item, index });
    const doc = documentAnnotation(item);
    if (doc) {
      const existing = sources.get(doc.iri);
      sources.set(doc.iri, { ...doc, annotations: existing?.annotations ?? [], relations: existing?.relations ?? [], inFile: true });
      return;
    }
    spans.push({ item, index });
  });

  const keyToSource = new Map<string, DocumentSource>();
  const iriToKey = new Map<string, string>();
  for (const { item, index } of spans) {
    const label = `annotation ${index + 1}${typeof item['id'] === 'string' ? ` (${item['id']})` : ''}`;
    const targets = listOf(item['target'])
      .filter(isRecord)
      .filter((t) => t['selector'] !== undefined);
    if (targets.length === 0) {
      warn(`Left out ${label}: it has no target with a text selector.`);
      continue;
    }
    const sourceIri = iriOf(targets[0]!['source']);
    const source = sourceIri === undefined ? undefined : sources.get(sourceIri);
    if (!source) {
      return fail(
        name,
        `${label} points at ${sourceIri ?? 'a document without an IRI'}, but the file does not hold that document's text. Import it together with the text.`,
      );
    }
    const labelBody = listOf(item['body'])
      .filter(isRecord)
      .find((b) => typeof b['value'] === 'string' && (b['purpose'] === 'tagging' || b['purpose'] === undefined));
    const tag = labelBody ? (labelBody['value'] as string) : typeof item['bodyValue'] === 'string' ? item['bodyValue'] : undefined;
    if (tag === undefined || tag === '') {
      warn(`Left out ${label}: it has no tag (a TextualBody with purpose "tagging").`);
      continue;
    }
    const ranges: Span[] = [];
    for (const target of targets) {
      if (iriOf(target['source']) !== sourceIri) {
        warn(`${label}: left out a target on another document (${iriOf(target['source'])}).`);
        continue;
      }
      source.offsets ??= new OffsetMap(source.text);
      const range = resolveSelectors(source.text, source.offsets, listOf(target['selector']).filter(isRecord), (m) =>
        warn(`${label}: ${m}`),
      );
      if (range) ranges.push(range);
    }
    if (ranges.length === 0) {
      warn(`Left out ${label}: none of its selectors could be placed in the text.`);
      continue;
    }
    const id = typeof item['id'] === 'string' ? item['id'] : `annotation-${index + 1}`;
    const key = id.startsWith(ANNOTATION_PREFIX) ? decodeURIComponent(id.slice(ANNOTATION_PREFIX.length)) : id;
    const { attributes, note } = attributesAndNote(item['body'], labelBody);
    const fileLayer = item['claimscope:layer'];
    const fileOrigin = item['claimscope:origin'];
    const createdBy = creatorName(item['creator']);
    source.annotations.push({
      key,
      label: tag,
      ranges,
      layer: options.layer ?? (typeof fileLayer === 'string' && fileLayer !== '' ? fileLayer : 'import'),
      attributes,
      note,
      origin: ORIGINS.find((o) => o === fileOrigin) ?? 'import',
      ...(createdBy === undefined ? {} : { createdBy }),
      ...(typeof item['created'] === 'string' ? { createdAt: item['created'] } : {}),
      ...(typeof item['modified'] === 'string' ? { updatedAt: item['modified'] } : {}),
      where: label,
    });
    keyToSource.set(key, source);
    iriToKey.set(id, key);
  }

  for (const { item, index } of links) {
    const label = `linking annotation ${index + 1}${typeof item['id'] === 'string' ? ` (${item['id']})` : ''}`;
    const ends = listOf(item['target']).map(iriOf);
    const from = ends[0] === undefined ? undefined : iriToKey.get(ends[0]);
    const to = ends[1] === undefined ? undefined : iriToKey.get(ends[1]);
    const typeBody = listOf(item['body'])
      .filter(isRecord)
      .find((b) => typeof b['value'] === 'string');
    const type = typeBody ? (typeBody['value'] as string) : typeof item['bodyValue'] === 'string' ? item['bodyValue'] : 'related';
    if (ends.length !== 2 || from === undefined || to === undefined) {
      warn(`Left out ${label}: it must link exactly two imported annotations.`);
      continue;
    }
    const source = keyToSource.get(from)!;
    if (keyToSource.get(to) !== source) {
      warn(`Left out ${label}: it links annotations of two different documents.`);
      continue;
    }
    const id = typeof item['id'] === 'string' ? item['id'] : undefined;
    const fileLayer = item['claimscope:layer'];
    source.relations.push({
      ...(id === undefined ? {} : { key: id.startsWith(RELATION_PREFIX) ? decodeURIComponent(id.slice(RELATION_PREFIX.length)) : id }),
      from,
      to,
      type,
      layer: options.layer ?? (typeof fileLayer === 'string' && fileLayer !== '' ? fileLayer : 'import'),
    });
  }

  const documents: ImportedDocument[] = [];
  for (const s of sources.values()) {
    if (s.annotations.length === 0 && !s.inFile) continue;
    documents.push(
      finishDocument(
        { file: name, rawText: s.text, title: s.title, metadata: s.metadata, annotations: s.annotations, relations: s.relations },
        warnings,
      ),
    );
  }
  if (documents.length === 0) return fail(name, 'The file holds no documents and no annotations.');
  return ok(documents, warnings);
}

/** The annotations of a file: a single Annotation, a list, a Page or a Collection with embedded pages. */
function collectAnnotations(root: unknown): unknown[] | string {
  if (Array.isArray(root))
    return root.flatMap((item) => (isRecord(item) && hasValue(item['type'], 'AnnotationPage') ? listOf(item['items']) : [item]));
  if (!isRecord(root)) return 'Expected a Web Annotation, a list of annotations, an AnnotationPage or an AnnotationCollection.';
  if (hasValue(root['type'], 'AnnotationCollection')) {
    const out: unknown[] = [];
    let page: unknown = root['first'];
    const seen = new Set<unknown>();
    while (page !== undefined && !seen.has(page)) {
      seen.add(page);
      if (typeof page === 'string')
        return `The collection's page ${page} is not embedded in the file; export the collection with its pages embedded.`;
      if (!isRecord(page)) return 'The collection\'s "first" page is not an AnnotationPage object.';
      for (const item of listOf(page['items'])) out.push(item);
      page = page['next'];
    }
    return out;
  }
  if (hasValue(root['type'], 'AnnotationPage')) return listOf(root['items']);
  if (hasValue(root['type'], 'Annotation')) return [root];
  return 'Expected a Web Annotation, a list of annotations, an AnnotationPage or an AnnotationCollection (no "type" says which).';
}

/** A Claimscope document annotation: the document's text and metadata. */
function documentAnnotation(item: JsonRecord): Omit<DocumentSource, 'annotations' | 'relations' | 'inFile' | 'offsets'> | undefined {
  if (!hasValue(item['motivation'], 'describing')) return undefined;
  const target = item['target'];
  const iri = iriOf(target);
  if (iri === undefined || (isRecord(target) && target['selector'] !== undefined)) return undefined;
  const bodyList = listOf(item['body']).filter(isRecord);
  const textBody = bodyList.find((b) => b['format'] === 'text/plain' && typeof b['value'] === 'string');
  if (!textBody) return undefined;
  const metaBody = bodyList.find((b) => b['format'] === 'application/json' && typeof b['value'] === 'string');
  let title: unknown;
  const metadata: Metadata = {};
  if (metaBody) {
    const parsed = tryParseJson(metaBody['value'] as string);
    if ('value' in parsed && isRecord(parsed.value)) {
      title = parsed.value['title'];
      const meta = parsed.value['metadata'];
      if (isRecord(meta)) {
        for (const [k, v] of Object.entries(meta)) {
          const value = toMetadataValue(v);
          if (value !== undefined) metadata[k] = value;
        }
      }
    }
  }
  return { iri, text: textBody['value'] as string, title, metadata };
}

function attributesAndNote(body: unknown, labelBody: JsonRecord | undefined): { attributes: Record<string, AttributeValue>; note: string } {
  const attributes: Record<string, AttributeValue> = {};
  const notes: string[] = [];
  for (const b of listOf(body).filter(isRecord)) {
    if (b === labelBody || typeof b['value'] !== 'string') continue;
    const value = b['value'];
    if (b['purpose'] === 'commenting') notes.push(value);
    else if (typeof b['name'] === 'string' && b['name'] !== '')
      attributes[b['name']] = b['format'] === 'application/json' ? attributeFromJson(value) : value;
  }
  return { attributes, note: notes.join('\n') };
}

function attributeFromJson(json: string): AttributeValue {
  const parsed = tryParseJson(json);
  if (!('value' in parsed)) return json;
  const v = parsed.value;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return json;
}

function creatorName(creator: unknown): string | undefined {
  const first = listOf(creator)[0];
  if (typeof first === 'string') return first;
  if (isRecord(first)) {
    for (const key of ['name', 'nickname', 'id']) if (typeof first[key] === 'string' && first[key] !== '') return first[key] as string;
  }
  return undefined;
}

/**
 * Places a target's selectors in the text (UTF-16 offsets). Position selectors count code points.
 * When position and quote disagree, a quote found once (or once with its prefix and suffix) wins.
 */
function resolveSelectors(text: string, map: OffsetMap, selectors: JsonRecord[], warn: (message: string) => void): Span | null {
  const position = selectors.find((s) => s['type'] === 'TextPositionSelector');
  const quote = selectors.find((s) => s['type'] === 'TextQuoteSelector' && typeof s['exact'] === 'string' && s['exact'] !== '');
  let byPosition: Span | null = null;
  if (position) {
    const { start, end } = position;
    if (
      typeof start === 'number' &&
      typeof end === 'number' &&
      Number.isSafeInteger(start) &&
      Number.isSafeInteger(end) &&
      start >= 0 &&
      start < end &&
      end <= map.codePointLength
    ) {
      byPosition = { start: map.toUtf16(start), end: map.toUtf16(end) };
    } else {
      warn(`its TextPositionSelector (${String(start)}–${String(end)}) does not fit the text of ${map.codePointLength} characters.`);
    }
  }
  if (!quote) {
    if (!byPosition && !position) warn('it has neither a TextPositionSelector nor a TextQuoteSelector.');
    return byPosition;
  }
  const exact = quote['exact'] as string;
  if (byPosition && text.slice(byPosition.start, byPosition.end) === exact) return byPosition;
  const all: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) all.push(i);
  const prefix = typeof quote['prefix'] === 'string' ? quote['prefix'] : '';
  const suffix = typeof quote['suffix'] === 'string' ? quote['suffix'] : '';
  const fitting = all.filter(
    (i) => i >= prefix.length && text.startsWith(prefix, i - prefix.length) && text.startsWith(suffix, i + exact.length),
  );
  const candidates = fitting.length > 0 ? fitting : all;
  if (candidates.length === 0) {
    if (byPosition) warn(`its quote "${exact}" is not in the text; its position was used.`);
    return byPosition;
  }
  let chosen = candidates[0]!;
  if (candidates.length > 1 && byPosition) {
    const near = byPosition.start;
    chosen = candidates.reduce((best, i) => (Math.abs(i - near) < Math.abs(best - near) ? i : best), chosen);
  }
  const range = { start: chosen, end: chosen + exact.length };
  if (position) {
    const unique = candidates.length === 1 ? 'occurs once' : 'occurs several times; the nearest occurrence was used';
    warn(`its position and its quote "${exact}" disagree; the quote ${unique} and was trusted.`);
  } else if (candidates.length > 1) {
    warn(`its quote "${exact}" occurs several times; the first occurrence was used.`);
  }
  return range;
}

export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function hasValue(value: unknown, wanted: string): boolean {
  return listOf(value).includes(wanted);
}

function iriOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value['id'] === 'string') return value['id'];
  return undefined;
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset): string[] => lossOf(w3cLoss, dataset);

/** What a W3C Web Annotation export cannot carry (or carries only for Claimscope), with counts. */
export const w3cLoss: LossTallyFactory = lossTally(() => ({
  notes: (c) => {
    const split = c.discontinuousSpans();
    return [
      split &&
        `The Web Annotation model has no discontinuous selector: ${split} will be written with one target per range; other tools read them as separate targets.`,
      c.entities.size > 0 &&
        `${plural(c.entities.size, 'entity record', 'entity records')} will not be exported; entity attributes keep only the entity id.`,
      c.edited > 0 && `Web Annotations name only their creator: who last changed ${plural(c.edited, 'annotation')} will not be exported.`,
    ];
  },
}));

export const w3cFormat: FormatModule = {
  id: 'w3c',
  help: 'W3C Web Annotation JSON-LD (AnnotationCollection)',
  reads: { detects: { w3c: 'W3C Web Annotation' }, read: (input) => fromText(input, (text) => parseW3c(input.name, text)) },
  writes: [
    {
      id: 'w3c',
      name: 'W3C Web Annotation (JSON-LD)',
      description: 'An AnnotationCollection with TextQuote and TextPosition selectors (code points).',
      suffix: '-annotations.jsonld',
      write: (dataset) => ({ data: serializeW3c(dataset) }),
      pages: w3cPages(),
      loses: w3cLoss,
    },
  ],
};
