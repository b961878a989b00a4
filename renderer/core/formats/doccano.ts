/**
 * doccano JSONL: one JSON object per line, one line per document.
 *
 * Import reads both of doccano's span exports:
 * - sequence labelling: `{"text": …, "label": [[start, end, "LABEL"], …]}` (older exports call
 *   the field `labels`; a list of plain strings there is a text-classification label and becomes
 *   document metadata);
 * - relation extraction: `{"text": …, "entities": [{"id", "label", "start_offset",
 *   "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`.
 * The text field's name is configurable (`textField`, default `text`); doccano's row `id` is kept
 * as metadata `doccano_id`, `title` becomes the document title, every other field is metadata.
 *
 * Offsets: doccano computes offsets in its browser front end, i.e. JavaScript string indices
 * (UTF-16 code units) — doccano PR #99 describes exactly this, and spans after an emoji are off by
 * one when read as Python (code point) indices. So the default unit is `utf16`; pass
 * `offsetUnit: 'codepoint'` for files produced by Python tooling that counts code points.
 *
 * Export writes the relation variant, one line per document, keys in a fixed order: `id`, `text`,
 * `entities`, `relations`, `title`, then the document's metadata in key order. doccano has no
 * discontinuous spans, layers, attributes or notes; see {@link lossNotes}.
 */
import type { Metadata } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import {
  bundleDataset,
  cmp,
  documentLines,
  finishDocument,
  isRecord,
  metadataFrom,
  rawRangeProblem,
  sortedMetadata,
  UnitConverter,
  type DocumentBundle,
  type DraftAnnotation,
  type JsonRecord,
  type OffsetUnit,
} from './interchange.ts';
import { countDocuments, lossOf, lossTally, noAttributesNote, noEntityRecordsNote, provenanceNote, type LossTallyFactory } from './loss.ts';
import { fail, ok, type Dataset, type FormatWarning, type ImportedDocument, type ImportedRelation, type Result } from './types.ts';
import { fromText, type FormatModule } from './module.ts';
import { joinedItems, JSON_LINES } from './stream.ts';

export interface DoccanoParseOptions {
  /** The field holding the document's text; default `text`. */
  textField?: string;
  /** The layer the imported annotations go to; default `import`. */
  layer?: string;
  /** How the file counts offsets; default `utf16` (see the module comment). */
  offsetUnit?: OffsetUnit;
}

export interface DoccanoSerializeOptions {
  /** The field to write the text to; default `text`. */
  textField?: string;
  /** How to count offsets in the file; default `utf16`. */
  offsetUnit?: OffsetUnit;
}

const SPAN_FIELDS = ['label', 'labels'] as const;

export function parseDoccano(name: string, content: string, options: DoccanoParseOptions = {}): Result<ImportedDocument[]> {
  const textField = options.textField ?? 'text';
  const layer = options.layer ?? 'import';
  const unit = options.offsetUnit ?? 'utf16';
  const lines = documentLines(name, content, 'Each line must be a JSON object with a text field.');
  if (!lines.ok) return lines;
  const warnings: FormatWarning[] = [];
  const documents: ImportedDocument[] = [];
  for (const { line, value } of lines.value) {
    const text = value[textField];
    if (typeof text !== 'string') {
      const fields = Object.keys(value).slice(0, 8).join(', ');
      return fail(
        name,
        `The line has no text field "${textField}" (it has: ${fields || 'no fields'}). Choose the field that holds the text.`,
        line,
      );
    }
    const converter = new UnitConverter(text, unit);
    const annotations: DraftAnnotation[] = [];
    const relations: ImportedRelation[] = [];
    const skip = new Set<string>([textField, 'id', 'title', 'entities', 'relations']);
    const metadata: Metadata = {};

    for (const field of SPAN_FIELDS) {
      const list = value[field];
      if (!Array.isArray(list) || field === textField) continue;
      const categories: string[] = [];
      let spans = 0;
      list.forEach((item, i) => {
        if (typeof item === 'string') {
          categories.push(item);
          return;
        }
        spans++;
        const where = `${field} entry ${i + 1}`;
        if (!Array.isArray(item) || item.length < 3 || typeof item[2] !== 'string') {
          warnings.push({ file: name, line, message: `Left out ${where}: expected [start, end, "LABEL"].` });
          return;
        }
        const problem = rawRangeProblem(item[0], item[1], converter.length, unit);
        if (problem) {
          warnings.push({ file: name, line, message: `Left out ${where}: ${problem}.` });
          return;
        }
        annotations.push({
          key: `${field}-${i + 1}`,
          label: item[2],
          ranges: [{ start: converter.toUtf16(item[0] as number), end: converter.toUtf16(item[1] as number) }],
          layer,
          origin: 'import',
          where,
          line,
        });
      });
      skip.add(field);
      if (categories.length > 0) metadata[field] = categories.join(', ');
      if (spans > 0 && categories.length > 0) {
        warnings.push({
          file: name,
          line,
          message: `The "${field}" field mixes span labels and category labels; the categories were kept as metadata.`,
        });
      }
    }

    const entities = value['entities'];
    if (entities !== undefined && !Array.isArray(entities)) {
      warnings.push({ file: name, line, message: 'Left out "entities": it is not a list.' });
    } else if (Array.isArray(entities)) {
      entities.forEach((entity, i) => {
        const draft = entityDraft(entity, i, converter, unit, layer, line);
        if (typeof draft === 'string') warnings.push({ file: name, line, message: draft });
        else annotations.push(draft);
      });
    }
    const rels = value['relations'];
    if (rels !== undefined && !Array.isArray(rels)) {
      warnings.push({ file: name, line, message: 'Left out "relations": it is not a list.' });
    } else if (Array.isArray(rels)) {
      rels.forEach((rel, i) => {
        if (!isRecord(rel) || !isId(rel['from_id']) || !isId(rel['to_id']) || typeof rel['type'] !== 'string') {
          warnings.push({ file: name, line, message: `Left out relation ${i + 1}: expected {"from_id", "to_id", "type"}.` });
          return;
        }
        relations.push({
          ...(isId(rel['id']) ? { key: String(rel['id']) } : {}),
          from: String(rel['from_id']),
          to: String(rel['to_id']),
          type: rel['type'],
          layer,
        });
      });
    }

    Object.assign(metadata, metadataFrom(value, skip));
    if (value['id'] !== undefined && value['id'] !== null) metadata['doccano_id'] = isId(value['id']) ? value['id'] : String(value['id']);
    documents.push(finishDocument({ file: name, line, rawText: text, title: value['title'], metadata, annotations, relations }, warnings));
  }
  return ok(documents, warnings);
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

function entityDraft(
  entity: unknown,
  i: number,
  converter: UnitConverter,
  unit: OffsetUnit,
  layer: string,
  line: number,
): DraftAnnotation | string {
  const where = `entity ${i + 1}`;
  if (!isRecord(entity) || typeof entity['label'] !== 'string')
    return `Left out ${where}: expected {"id", "label", "start_offset", "end_offset"}.`;
  const problem = rawRangeProblem(entity['start_offset'], entity['end_offset'], converter.length, unit);
  if (problem) return `Left out ${where}: ${problem}.`;
  return {
    key: isId(entity['id']) ? String(entity['id']) : `entity-${i + 1}`,
    label: entity['label'],
    ranges: [{ start: converter.toUtf16(entity['start_offset'] as number), end: converter.toUtf16(entity['end_offset'] as number) }],
    layer,
    origin: 'import',
    where,
    line,
  };
}

/** Fields the export writes itself; metadata under these names cannot be carried. */
function reservedFields(textField: string): Set<string> {
  return new Set([textField, 'id', 'doccano_id', 'title', 'entities', 'relations', 'label', 'labels']);
}

export function serializeDoccano(dataset: Dataset, options: DoccanoSerializeOptions = {}): string {
  return doccanoPages(options)().page(dataset);
}

/** doccano JSONL a page of documents at a time (entity, relation and document numbers run on across pages). */
export function doccanoPages(options: DoccanoSerializeOptions = {}) {
  return () => {
    const line = doccanoLine(options);
    const out = joinedItems(JSON_LINES);
    return {
      page: (page: Dataset): string => bundleDataset(page).reduce((text, bundle) => text + out.item(line(bundle, out.count)), ''),
      end: out.end,
    };
  };
}

function doccanoLine(options: DoccanoSerializeOptions) {
  const textField = options.textField ?? 'text';
  const unit = options.offsetUnit ?? 'utf16';
  const reserved = reservedFields(textField);
  let nextEntity = 1;
  let nextRelation = 1;
  return (bundle: DocumentBundle, docIndex: number): string => {
    const { document } = bundle;
    const converter = new UnitConverter(document.text, unit);
    // Every range is its own entity (doccano has no discontinuous spans), ordered by position.
    const parts = bundle.annotations.flatMap((a) => a.ranges.map((range, part) => ({ a, range, part })));
    const ordered = parts
      .map((p, index) => ({ ...p, index }))
      .sort((x, y) => x.range.start - y.range.start || x.range.end - y.range.end || cmp(x.a.label, y.a.label) || x.index - y.index);
    const firstEntity = new Map<string, number>();
    const entities: JsonRecord[] = [];
    for (const { a, range } of ordered) {
      const id = nextEntity++;
      if (!firstEntity.has(a.id)) firstEntity.set(a.id, id);
      entities.push({ id, label: a.label, start_offset: converter.fromUtf16(range.start), end_offset: converter.fromUtf16(range.end) });
    }
    // The relation starts and ends at the first range of a discontinuous annotation.
    const relations = bundle.relations
      .map((r, index) => ({ from: firstEntity.get(r.from)!, to: firstEntity.get(r.to)!, type: r.type, index }))
      .sort((x, y) => x.from - y.from || x.to - y.to || cmp(x.type, y.type) || x.index - y.index)
      .map((r) => ({ id: nextRelation++, from_id: r.from, to_id: r.to, type: r.type }));
    const doccanoId = document.metadata['doccano_id'];
    const line: JsonRecord = {
      id: typeof doccanoId === 'number' || typeof doccanoId === 'string' ? doccanoId : docIndex + 1,
      [textField]: document.text,
      entities,
      relations,
      title: document.title,
      ...sortedMetadata(document.metadata, reserved),
    };
    return JSON.stringify(line);
  };
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: DoccanoSerializeOptions = {}): string[] => lossOf(doccanoLoss(options), dataset);

/** What a doccano export cannot carry, in words, with counts. */
export function doccanoLoss(options: DoccanoSerializeOptions = {}): LossTallyFactory {
  const reserved = reservedFields(options.textField ?? 'text');
  reserved.delete('doccano_id');
  return lossTally(() => {
    let clashing = 0;
    return {
      count: (page) => void (clashing += countDocuments(page, (d) => Object.keys(d.metadata).some((k) => reserved.has(k)))),
      notes: (c) => {
        const split = c.discontinuousSpans();
        return [
          split &&
            `doccano cannot hold discontinuous spans: ${split} will be written as one entity per range (relations attach to the first range).`,
          c.layers.size > 1 &&
            `doccano has no layers: annotations from ${c.layers.size} layers (${c.layerList().join(', ')}) will be merged into one list per document.`,
          noAttributesNote('doccano', c),
          c.notes > 0 && `doccano cannot hold annotation notes: ${plural(c.notes, 'note')} will be dropped.`,
          clashing > 0 &&
            `${plural(clashing, 'document')} ${clashing === 1 ? 'has' : 'have'} metadata fields named like doccano's own fields (${[...reserved].join(', ')}); those fields will be dropped.`,
          noEntityRecordsNote('doccano', c, ' (speaker and source identities) will not be exported.'),
          provenanceNote('doccano', c),
        ];
      },
    };
  });
}

export const doccanoFormat: FormatModule = {
  id: 'doccano',
  help: 'doccano JSONL (relation-extraction variant)',
  reads: {
    detects: { doccano: 'doccano JSONL' },
    usesLayer: true,
    usesTextField: true,
    read: (input, options) => fromText(input, (text) => parseDoccano(input.name, text, options)),
  },
  writes: [
    {
      id: 'doccano',
      name: 'doccano JSONL',
      description: 'doccano’s relation-extraction JSONL: entities and relations per document.',
      suffix: '-doccano.jsonl',
      pages: doccanoPages(),
      loses: doccanoLoss(),
    },
  ],
};
