/**
 * Label Studio task JSON (its "JSON" export and its import format).
 *
 * Import accepts an array of tasks, one task object, or JSON Lines of tasks. A task is
 * `{ id, data: { text, … }, annotations: [{ completed_by, result: [...] }], predictions: [...] }`
 * (very old exports call `annotations` `completions`; a task without `data` is read as flat data).
 * - `data.<textField>` (default `text`) is the text, `data.title` the title; every other `data`
 *   field becomes metadata. Label Studio's own task id is not kept.
 * - Each entry of `annotations` becomes a layer: `gold` when `ground_truth` is set, else the
 *   annotator's e-mail (`completed_by.email`), else `annotator-<id>`; the `layerName` option
 *   overrides. Cancelled (skipped) annotations are left out with a warning.
 * - `predictions` become suggestions: layer `suggestions`, origin `model`, created by the
 *   `model_version`.
 * - Results of type `labels` become one annotation per label in `value.labels`; `relation`
 *   results become relations (`labels[0]` is the type, `direction: "left"` swaps the ends, no label
 *   gives `related`). A per-region result (same `id` as a region) becomes an attribute named by its
 *   `from_name` (`choices`, `rating`, `number`, `taxonomy`, `datetime`), except `textarea`, which
 *   becomes the region's note. Whole-text results become document metadata.
 *
 * Offsets: Label Studio's editor measures `value.start`/`value.end` as JavaScript string indices
 * (UTF-16 code units); issues HumanSignal/label-studio#1347 and #1008 show regions after an emoji
 * shifted by one for Python readers. So the default unit is `utf16`. Where a result carries
 * `value.text` that does not match under the chosen unit but matches under the other one (files
 * from tools counting code points), the other unit is used for that region and a warning says so.
 *
 * Export writes an array of tasks, `id` = position, `data` = text, title and metadata; one
 * `annotations` entry per layer (ids numbered through the file) and the `suggestions` layer as
 * `predictions`. Label Studio has no discontinuous regions: each range becomes its own region with
 * id `<annotation id>-part<k>` and `meta.text` naming the span and part, which this importer joins
 * back. Attributes are written as per-region `choices`, notes as a per-region `textarea` named
 * `note`. See {@link lossNotes}.
 */
import type { AttributeValue } from '../model/types.ts';
import { SUGGESTIONS_LAYER } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import { bundleDataset, cmp, sortedMetadata, UnitConverter, type DocumentBundle, type JsonRecord, type OffsetUnit } from './interchange.ts';
import type { Dataset } from './types.ts';
import { countDocuments, lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import { fromText, type FormatModule } from './module.ts';
import { joinedItems, JSON_ARRAY } from './stream.ts';
import { parseLabelStudio } from './labelstudio-parse.ts';

export interface LabelStudioSerializeOptions {
  /** The `data` field to write the text to; default `text`. */
  textField?: string;
  /** How to count offsets; default `utf16`. */
  offsetUnit?: OffsetUnit;
  /** The `from_name` of label results (the Labels tag); default `label`. */
  fromName?: string;
  /** The `to_name` of results (the Text tag); default `text`. */
  toName?: string;
}

export function serializeLabelStudio(dataset: Dataset, options: LabelStudioSerializeOptions = {}): string {
  const writer = labelStudioPages(options)();
  return writer.page(dataset) + writer.end();
}

/** The Label Studio task list a page of documents at a time (task, annotation and prediction ids run on across pages). */
export function labelStudioPages(options: LabelStudioSerializeOptions = {}) {
  return () => {
    const tasks = labelStudioTasks(options);
    const out = joinedItems(JSON_ARRAY);
    return {
      page: (page: Dataset): string =>
        bundleDataset(page).reduce((text, bundle) => text + out.item(JSON.stringify(tasks(bundle, out.count))), ''),
      end: out.end,
    };
  };
}

function labelStudioTasks(options: LabelStudioSerializeOptions) {
  const textField = options.textField ?? 'text';
  const fromName = options.fromName ?? 'label';
  const toName = options.toName ?? 'text';
  const unit = options.offsetUnit ?? 'utf16';
  let nextAnnotation = 1;
  let nextPrediction = 1;
  return (bundle: DocumentBundle, t: number): JsonRecord => {
    const { document } = bundle;
    const converter = new UnitConverter(document.text, unit);
    const layers = [...new Set(bundle.annotations.map((a) => a.layer))].sort(cmp);
    const annotations: JsonRecord[] = [];
    const predictions: JsonRecord[] = [];
    for (const layer of layers) {
      const members = bundle.annotations.filter((a) => a.layer === layer);
      const inLayer = new Map(members.map((a) => [a.id as string, a]));
      const result: JsonRecord[] = [];
      const firstRegion = new Map<string, string>();
      for (const a of members) {
        const parts = a.ranges.length;
        a.ranges.forEach((range, k) => {
          const id = parts > 1 ? `${a.id}-part${k + 1}` : a.id;
          if (k === 0) firstRegion.set(a.id, id);
          const start = converter.fromUtf16(range.start);
          const end = converter.fromUtf16(range.end);
          result.push({
            id,
            type: 'labels',
            from_name: fromName,
            to_name: toName,
            origin: layer === SUGGESTIONS_LAYER ? 'prediction' : 'manual',
            value: { start, end, text: document.text.slice(range.start, range.end), labels: [a.label] },
            ...(parts > 1 ? { meta: { text: [`Claimscope discontinuous span ${a.id}, part ${k + 1} of ${parts}`] } } : {}),
          });
          if (k > 0) return;
          const regionValue = { start, end };
          for (const attr of Object.keys(a.attributes).sort(cmp)) {
            const choices = choicesOf(a.attributes[attr]!);
            if (choices.length === 0) continue;
            result.push({ id, type: 'choices', from_name: attr, to_name: toName, origin: 'manual', value: { ...regionValue, choices } });
          }
          if (a.note !== '')
            result.push({
              id,
              type: 'textarea',
              from_name: 'note',
              to_name: toName,
              origin: 'manual',
              value: { ...regionValue, text: [a.note] },
            });
        });
      }
      for (const r of bundle.relations) {
        if (r.layer !== layer || !inLayer.has(r.from) || !inLayer.has(r.to)) continue;
        result.push({
          from_id: firstRegion.get(r.from)!,
          to_id: firstRegion.get(r.to)!,
          type: 'relation',
          direction: 'right',
          labels: [r.type],
        });
      }
      const createdAt = members.map((a) => a.createdAt).sort(cmp)[0]!;
      const updatedAt = members
        .map((a) => a.updatedAt)
        .sort(cmp)
        .at(-1)!;
      if (layer === SUGGESTIONS_LAYER) {
        predictions.push({
          id: nextPrediction++,
          model_version: members[0]!.createdBy,
          created_at: createdAt,
          updated_at: updatedAt,
          result,
        });
      } else {
        const annotatorId = /^annotator-(\d+)$/.exec(layer);
        annotations.push({
          id: nextAnnotation++,
          completed_by: annotatorId ? Number(annotatorId[1]) : { email: layer },
          ground_truth: layer === 'gold',
          was_cancelled: false,
          created_at: createdAt,
          updated_at: updatedAt,
          result,
        });
      }
    }
    return {
      id: t + 1,
      data: { [textField]: document.text, title: document.title, ...sortedMetadata(document.metadata, new Set([textField, 'title'])) },
      annotations,
      predictions,
    };
  };
}

function choicesOf(value: AttributeValue): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return [String(value)];
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: LabelStudioSerializeOptions = {}): string[] =>
  lossOf(labelStudioLoss(options), dataset);

/** What a Label Studio export cannot carry, in words, with counts. */
export function labelStudioLoss(options: LabelStudioSerializeOptions = {}): LossTallyFactory {
  const textField = options.textField ?? 'text';
  return lossTally(() => {
    let typed = 0;
    let empty = 0;
    let crossLayer = 0;
    let clashing = 0;
    let machine = 0;
    return {
      count(page, { annotations, relations }) {
        const layerOf = new Map<string, string>();
        for (const a of annotations) {
          layerOf.set(a.id, a.layer);
          if (a.layer !== SUGGESTIONS_LAYER && (a.origin === 'rule' || a.origin === 'model')) machine++;
          for (const v of Object.values(a.attributes)) {
            if (v === null || (Array.isArray(v) && v.length === 0)) empty++;
            else if (typeof v === 'number' || typeof v === 'boolean') typed++;
          }
        }
        for (const r of relations) if (layerOf.get(r.from) !== r.layer || layerOf.get(r.to) !== r.layer) crossLayer++;
        clashing += countDocuments(page, (d) => textField in d.metadata || 'title' in d.metadata);
      },
      notes: (c) => {
        const split = c.discontinuousSpans();
        return [
          split &&
            `Label Studio has no discontinuous regions: ${split} will be written as one region per range (ids ending in -part1, -part2 …, linked by their meta text); Claimscope joins them again on import, Label Studio shows them as separate regions.`,
          typed > 0 &&
            `Label Studio choices are text: ${plural(typed, 'attribute value')} that are numbers or yes/no will come back as text.`,
          empty > 0 && `${plural(empty, 'empty attribute value')} will be left out (Label Studio has no empty choice).`,
          crossLayer > 0 &&
            `Label Studio relations stay inside one annotation: ${plural(crossLayer, 'relation')} linking annotations of different layers will be dropped.`,
          clashing > 0 &&
            `${plural(clashing, 'document')} ${clashing === 1 ? 'has' : 'have'} a metadata field named "${textField}" or "title", which the task's text and title replace.`,
          machine > 0 &&
            `Label Studio marks only predictions as machine-made: ${plural(machine, 'annotation')} made by rules or models outside the suggestions layer will read as manual.`,
          c.entities.size > 0 &&
            `Label Studio has no entity records: ${plural(c.entities.size, 'entity', 'entities')} will not be exported; entity attributes keep only the entity id.`,
        ];
      },
    };
  });
}

export const labelStudioFormat: FormatModule = {
  id: 'labelstudio',
  help: 'Label Studio task JSON',
  reads: {
    detects: { labelstudio: 'Label Studio JSON', json: 'JSON' },
    usesTextField: true,
    read: (input, options) =>
      fromText(input, (text) =>
        parseLabelStudio(input.name, text, options.textField === undefined ? {} : { textField: options.textField }),
      ),
  },
  writes: [
    {
      id: 'labelstudio',
      name: 'Label Studio JSON',
      description: 'Label Studio tasks with one annotation per layer, regions, choices and relations.',
      suffix: '-labelstudio.json',
      pages: labelStudioPages(),
      loses: labelStudioLoss(),
    },
  ],
};
