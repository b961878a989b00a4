/**
 * Reading Label Studio task JSON into imported documents, by the rules in labelstudio.ts's module
 * comment: tasks from an array, one object or JSON Lines; one layer per annotation entry;
 * predictions as suggestions; offsets in UTF-16 code units unless a region's text says otherwise.
 */
import type { AttributeValue, Metadata } from '../model/types.ts';
import { SUGGESTIONS_LAYER } from '../model/types.ts';
import {
  finishDocument,
  isRecord,
  metadataFrom,
  parseJsonLines,
  rawRangeProblem,
  tryParseJson,
  UnitConverter,
  warning,
  type DraftAnnotation,
  type JsonRecord,
  type OffsetUnit,
} from './interchange.ts';
import { fail, ok, type FormatWarning, type ImportedDocument, type ImportedRelation, type Result } from './types.ts';

export interface LabelStudioParseOptions {
  /** The `data` field holding the text; default `text`. */
  textField?: string;
  /** Put every human annotation into this layer instead of one layer per annotator. */
  layerName?: string;
  /** How the file counts offsets; default `utf16` (see the module comment). */
  offsetUnit?: OffsetUnit;
}

const PART_META = /^Claimscope discontinuous span (.+), part (\d+) of (\d+)$/;

interface TaskSource {
  task: unknown;
  /** 1-based task number, for messages. */
  index: number;
  /** Line in a JSON Lines file. */
  line?: number;
}

export function parseLabelStudio(name: string, content: string, options: LabelStudioParseOptions = {}): Result<ImportedDocument[]> {
  const sources = readTasks(name, content);
  if (!sources.ok) return sources;
  const warnings: FormatWarning[] = [];
  const documents: ImportedDocument[] = [];
  for (const source of sources.value) {
    const doc = readTask(name, source, options, warnings);
    if (!doc.ok) return doc;
    documents.push(doc.value);
  }
  return ok(documents, warnings);
}

function readTasks(name: string, content: string): Result<TaskSource[]> {
  if (content.trim() === '') return fail(name, 'The file is empty; expected Label Studio tasks (a JSON array of tasks).');
  const whole = tryParseJson(content);
  if ('value' in whole) {
    if (Array.isArray(whole.value)) {
      if (whole.value.length === 0) return fail(name, 'The file holds an empty list of tasks.');
      return ok(whole.value.map((task, i) => ({ task, index: i + 1 })));
    }
    if (isRecord(whole.value)) return ok([{ task: whole.value, index: 1 }]);
    return fail(name, 'Expected a Label Studio task or a list of tasks, found a single JSON value.');
  }
  if (content.trimStart().startsWith('[')) return fail(name, `The file is not valid JSON (${whole.problem}).`);
  const lines = parseJsonLines(name, content);
  if (!lines.ok) return lines;
  return ok(lines.value.map((l, i) => ({ task: l.value, index: i + 1, line: l.line })));
}

function readTask(file: string, source: TaskSource, options: LabelStudioParseOptions, warnings: FormatWarning[]): Result<ImportedDocument> {
  const { task, index, line } = source;
  const textField = options.textField ?? 'text';
  const where = `Task ${index}`;
  if (!isRecord(task)) return fail(file, `${where} is not a JSON object.`, line);
  const data = isRecord(task['data']) ? task['data'] : task;
  const text = data[textField];
  if (typeof text !== 'string') {
    const fields = Object.keys(data).slice(0, 8).join(', ');
    return fail(
      file,
      `${where} has no text in "data.${textField}" (data fields: ${fields || 'none'}). Choose the field that holds the text.`,
      line,
    );
  }
  const skip = new Set([textField, 'title']);
  if (data === task) for (const k of ['id', 'annotations', 'completions', 'predictions', 'meta', 'created_at', 'updated_at']) skip.add(k);
  const metadata: Metadata = metadataFrom(data, skip);
  const reader = new ResultReader(file, line, where, text, options.offsetUnit ?? 'utf16', warnings, metadata);

  const entries = Array.isArray(task['annotations']) ? task['annotations'] : Array.isArray(task['completions']) ? task['completions'] : [];
  entries.forEach((entry, j) => {
    if (!isRecord(entry)) {
      warnings.push(warning(file, line, `${where}: left out annotation ${j + 1}, which is not an object.`));
      return;
    }
    if (entry['was_cancelled'] === true) {
      warnings.push(warning(file, line, `${where}: left out annotation ${j + 1}, which the annotator skipped (cancelled).`));
      return;
    }
    const layer =
      options.layerName ?? (entry['ground_truth'] === true ? 'gold' : (annotatorName(entry['completed_by']) ?? `annotator-${j + 1}`));
    reader.read(entry, { layer, origin: 'import', createdBy: layer, label: `annotation ${j + 1}` });
  });
  const predictions = Array.isArray(task['predictions']) ? task['predictions'] : [];
  predictions.forEach((entry, j) => {
    if (!isRecord(entry)) return;
    const model = typeof entry['model_version'] === 'string' && entry['model_version'] !== '' ? entry['model_version'] : 'model';
    reader.read(entry, { layer: SUGGESTIONS_LAYER, origin: 'model', createdBy: model, label: `prediction ${j + 1}` });
  });
  return ok(
    finishDocument(
      {
        file,
        ...(line === undefined ? {} : { line }),
        rawText: text,
        title: data['title'],
        metadata,
        annotations: reader.annotations,
        relations: reader.relations,
      },
      warnings,
    ),
  );
}

function annotatorName(completedBy: unknown): string | undefined {
  if (typeof completedBy === 'number' && Number.isSafeInteger(completedBy)) return `annotator-${completedBy}`;
  if (typeof completedBy === 'string' && completedBy.trim() !== '') return completedBy.trim();
  if (isRecord(completedBy)) {
    const email = completedBy['email'];
    if (typeof email === 'string' && email.trim() !== '') return email.trim();
    return annotatorName(completedBy['id']);
  }
  return undefined;
}

interface EntryInfo {
  layer: string;
  origin: 'import' | 'model';
  createdBy: string;
  label: string;
}

/** Reads the `result` lists of one task's annotations and predictions. */
class ResultReader {
  readonly annotations: DraftAnnotation[] = [];
  readonly relations: ImportedRelation[] = [];
  private readonly usedKeys = new Set<string>();
  /** Regions that are parts of a discontinuous span Claimscope wrote, with the span's id. */
  private readonly partOf = new Map<DraftAnnotation, string>();
  private readonly converter: UnitConverter;
  private readonly other: UnitConverter;
  private warnedUnit = false;

  constructor(
    private readonly file: string,
    private readonly line: number | undefined,
    private readonly where: string,
    private readonly text: string,
    unit: OffsetUnit,
    private readonly warnings: FormatWarning[],
    private readonly metadata: Metadata,
  ) {
    this.converter = new UnitConverter(text, unit);
    this.other = new UnitConverter(text, unit === 'utf16' ? 'codepoint' : 'utf16');
  }

  private warn(message: string): void {
    this.warnings.push(warning(this.file, this.line, `${this.where}: ${message}`));
  }

  read(entry: JsonRecord, info: EntryInfo): void {
    const results = entry['result'];
    if (!Array.isArray(results)) {
      if (results !== undefined) this.warn(`left out ${info.label}: its "result" is not a list.`);
      return;
    }
    const stamps = {
      ...(typeof entry['created_at'] === 'string' ? { createdAt: entry['created_at'] } : {}),
      ...(typeof entry['updated_at'] === 'string' ? { updatedAt: entry['updated_at'] } : {}),
    };
    // Region id (as in the file) → the annotations it became, for relations and per-region results.
    const regions = new Map<string, DraftAnnotation[]>();
    const perRegion: JsonRecord[] = [];
    const relationResults: JsonRecord[] = [];
    results.forEach((r, k) => {
      if (!isRecord(r)) return this.warn(`left out result ${k + 1} of ${info.label}: not an object.`);
      const type = r['type'];
      const value = isRecord(r['value']) ? r['value'] : {};
      if (type === 'relation') return void relationResults.push(r);
      if (type === 'labels' || (typeof type === 'string' && type.endsWith('labels') && 'start' in value)) {
        const drafts = this.region(r, value, type, info, stamps, k);
        if (drafts.length > 0) {
          const id = typeof r['id'] === 'string' || typeof r['id'] === 'number' ? String(r['id']) : `${info.label}-${k + 1}`;
          regions.set(id, [...(regions.get(id) ?? []), ...drafts]);
        }
        return;
      }
      perRegion.push(r);
    });
    this.joinParts(regions);
    for (const r of perRegion) this.extra(r, regions, info);
    for (const r of relationResults) {
      const fromList = regions.get(String(r['from_id']));
      const toList = regions.get(String(r['to_id']));
      const labels = Array.isArray(r['labels']) ? r['labels'].filter((l): l is string => typeof l === 'string') : [];
      const type = labels[0] ?? 'related';
      if (!fromList?.[0] || !toList?.[0]) {
        this.warn(`left out a "${type}" relation in ${info.label}: it points at a region that was not imported.`);
        continue;
      }
      const [from, to] = r['direction'] === 'left' ? [toList[0], fromList[0]] : [fromList[0], toList[0]];
      this.relations.push({ from: from.key, to: to.key, type, layer: info.layer });
    }
  }

  /** One labels result: one draft annotation per label. */
  private region(
    r: JsonRecord,
    value: JsonRecord,
    type: string,
    info: EntryInfo,
    stamps: { createdAt?: string; updatedAt?: string },
    k: number,
  ): DraftAnnotation[] {
    const whereResult = `result ${k + 1} of ${info.label}`;
    const labelList = Array.isArray(value[type]) ? value[type] : value['labels'];
    const labels = Array.isArray(labelList) ? labelList.filter((l): l is string => typeof l === 'string' && l !== '') : [];
    if (labels.length === 0) {
      this.warn(`left out ${whereResult}: it has no labels.`);
      return [];
    }
    const range = this.range(value, whereResult);
    if (!range) return [];
    const id = typeof r['id'] === 'string' || typeof r['id'] === 'number' ? String(r['id']) : `${info.label}-${k + 1}`;
    const meta = isRecord(r['meta']) && Array.isArray(r['meta']['text']) ? r['meta']['text'] : [];
    const part = typeof meta[0] === 'string' ? PART_META.exec(meta[0]) : null;
    return labels.map((label, m) => {
      const base = part ? part[1]! : id;
      const draft: DraftAnnotation = {
        key: this.freshKey(labels.length > 1 ? `${base}#${m + 1}` : base, info.layer),
        label,
        ranges: [range],
        layer: info.layer,
        origin: info.origin,
        createdBy: info.createdBy,
        ...stamps,
        where: whereResult,
        ...(this.line === undefined ? {} : { line: this.line }),
      };
      if (part) this.partOf.set(draft, base);
      return draft;
    });
  }

  private freshKey(candidate: string, layer: string): string {
    let key = candidate;
    if (this.usedKeys.has(key)) key = `${layer}:${candidate}`;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${layer}:${candidate}:${n}`;
    this.usedKeys.add(key);
    return key;
  }

  /** The region's range in UTF-16 offsets of the raw text, or null (with a warning). */
  private range(value: JsonRecord, whereResult: string): { start: number; end: number } | null {
    const { start, end } = value;
    if (typeof start !== 'number' || typeof end !== 'number') {
      this.warn(`left out ${whereResult}: its start and end are not character offsets (is it an HTML region?).`);
      return null;
    }
    const problem = rawRangeProblem(start, end, this.converter.length, this.converter.unit);
    const quoted = typeof value['text'] === 'string' ? value['text'] : undefined;
    if (!problem) {
      const r = { start: this.converter.toUtf16(start), end: this.converter.toUtf16(end) };
      if (quoted === undefined || this.text.slice(r.start, r.end) === quoted) return r;
    }
    if (quoted !== undefined && !rawRangeProblem(start, end, this.other.length, this.other.unit)) {
      const r = { start: this.other.toUtf16(start), end: this.other.toUtf16(end) };
      if (this.text.slice(r.start, r.end) === quoted) {
        if (!this.warnedUnit) {
          const unitName = this.other.unit === 'codepoint' ? 'code points' : 'UTF-16 code units';
          this.warn(`offsets were read as ${unitName}, because only then do they match the regions' text.`);
          this.warnedUnit = true;
        }
        return r;
      }
    }
    if (problem) {
      this.warn(`left out ${whereResult}: ${problem}.`);
      return null;
    }
    this.warn(
      `${whereResult}: its offsets select "${this.text.slice(this.converter.toUtf16(start), this.converter.toUtf16(end))}", not "${quoted}"; the offsets were kept.`,
    );
    return { start: this.converter.toUtf16(start), end: this.converter.toUtf16(end) };
  }

  /** Joins the parts of a discontinuous span that Claimscope wrote as separate regions. */
  private joinParts(regions: Map<string, DraftAnnotation[]>): void {
    const byBase = new Map<string, DraftAnnotation>();
    for (const [id, drafts] of regions) {
      const joined = drafts.map((d) => {
        const base = this.partOf.get(d);
        if (base === undefined) return d;
        const first = byBase.get(`${d.layer}\u0000${base}\u0000${d.label}`);
        if (!first) {
          byBase.set(`${d.layer}\u0000${base}\u0000${d.label}`, d);
          return d;
        }
        first.ranges.push(...d.ranges);
        this.usedKeys.delete(d.key);
        d.key = '';
        return first;
      });
      regions.set(id, joined);
    }
    const added = new Set(this.annotations);
    for (const drafts of regions.values()) {
      for (const d of drafts) {
        if (d.key === '' || added.has(d)) continue;
        added.add(d);
        this.annotations.push(d);
      }
    }
  }

  /** A non-label result: per-region → attribute or note; whole-text → metadata. */
  private extra(r: JsonRecord, regions: Map<string, DraftAnnotation[]>, info: EntryInfo): void {
    const type = typeof r['type'] === 'string' ? r['type'] : '';
    const fromName = typeof r['from_name'] === 'string' && r['from_name'] !== '' ? r['from_name'] : type;
    const value = isRecord(r['value']) ? r['value'] : {};
    const payload = type === 'textarea' ? value['text'] : value[type];
    const targets = regions.get(String(r['id']));
    if (payload === undefined) {
      this.warn(`left out a "${type}" result in ${info.label}: it has no value.`);
      return;
    }
    if (targets && targets.length > 0) {
      for (const target of targets) {
        if (type === 'textarea') {
          const note = textOf(payload);
          target.note = target.note ? `${target.note}\n${note}` : note;
        } else {
          target.attributes = { ...target.attributes, [fromName]: attributeOf(payload) };
        }
      }
      return;
    }
    const text = type === 'textarea' ? textOf(payload) : attributeOf(payload);
    this.metadata[fromName] = Array.isArray(text) ? text.join(', ') : text;
  }
}

function textOf(payload: unknown): string {
  return Array.isArray(payload) ? payload.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('\n') : String(payload);
}

function attributeOf(payload: unknown): AttributeValue {
  if (Array.isArray(payload)) {
    const items = payload.map((p) => (Array.isArray(p) ? p.join('/') : typeof p === 'string' ? p : JSON.stringify(p)));
    return items.length === 1 ? items[0]! : items;
  }
  if (typeof payload === 'string' || typeof payload === 'number' || typeof payload === 'boolean' || payload === null) return payload;
  return JSON.stringify(payload);
}
