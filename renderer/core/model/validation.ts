/**
 * What a schema allows: which relation types may link two labels, whether an annotation's
 * attribute values fit its label's definitions, and the "done" checks run before a document is
 * marked done. Pure functions; every problem is worded as a sentence for the annotator.
 */
import {
  SAID_BY,
  type Annotation,
  type AttributeDef,
  type AttributeValue,
  type FactCheck,
  type LabelDef,
  type Relation,
  type Schema,
} from './types.ts';

/** A change the model refuses, worded for the researcher (the message is shown as it is). */
export class ValidationError extends Error {
  override name = 'ValidationError';
}

export type DocumentProblemKind =
  | 'claim-without-speaker'
  | 'required-attribute-missing'
  | 'relation-breaks-constraint'
  | 'invalid-attribute'
  | 'unknown-label'
  | 'dangling-relation';

export interface DocumentProblem {
  kind: DocumentProblemKind;
  /** The annotation to jump to: the one with the problem, or a relation's start. */
  annotationId: string;
  /** The relation concerned, for relation problems. */
  relationId?: string;
  message: string;
}

export interface AttributeProblem {
  field: string;
  message: string;
}

const article = (label: string) => (/^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`);

function allows(ends: readonly string[], label: string): boolean {
  return ends.length === 0 || ends.includes(label);
}

/** Null when `type` may link `fromLabel` → `toLabel`; otherwise a sentence saying why not. */
export function checkRelation(schema: Schema, fromLabel: string, toLabel: string, type: string): string | null {
  const def = schema.relationTypes.find((r) => r.name === type);
  if (!def) return `There is no relation type "${type}" in this schema.`;
  const fromOk = allows(def.from, fromLabel);
  const toOk = allows(def.to, toLabel);
  if (fromOk && toOk) return null;
  const reasons: string[] = [];
  if (!fromOk) reasons.push(`it starts at ${def.from.map(article).join(' or ')}, not ${article(fromLabel)}`);
  if (!toOk) reasons.push(`it ends at ${def.to.map(article).join(' or ')}, not ${article(toLabel)}`);
  return `"${type}" cannot link ${article(fromLabel)} to ${article(toLabel)}: ${reasons.join(', and ')}.`;
}

/** The relation types that may link `fromLabel` → `toLabel`, in schema order. */
export function allowedRelationTypes(schema: Schema, fromLabel: string, toLabel: string): string[] {
  return schema.relationTypes.filter((r) => allows(r.from, fromLabel) && allows(r.to, toLabel)).map((r) => r.name);
}

/** True when a value counts as "not filled in". */
export function isEmptyValue(value: AttributeValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function describeValue(value: AttributeValue): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** The problem with one filled-in value, or null. */
export function checkAttributeValue(def: AttributeDef, value: AttributeValue): string | null {
  const options = def.options ?? [];
  switch (def.type) {
    case 'single':
      if (typeof value !== 'string') return `${def.name} must be one of the choices, not ${describeValue(value)}.`;
      if (!options.includes(value)) return `${def.name} cannot be "${value}"; choose one of ${options.join(', ')}.`;
      return null;
    case 'multi': {
      if (!Array.isArray(value)) return `${def.name} must be a list of choices, not ${describeValue(value)}.`;
      const unknown = value.filter((v) => !options.includes(v));
      if (unknown.length > 0) {
        return `${def.name} cannot include ${unknown.map((v) => `"${v}"`).join(', ')}; choose from ${options.join(', ')}.`;
      }
      if (new Set(value).size !== value.length) return `${def.name} lists a choice twice.`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `${def.name} must be yes or no, not ${describeValue(value)}.`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${def.name} must be a number, not ${describeValue(value)}.`;
    case 'text':
      return typeof value === 'string' ? null : `${def.name} must be text, not ${describeValue(value)}.`;
    case 'entity':
      return typeof value === 'string' && value.trim() !== ''
        ? null
        : `${def.name} must name an entity of the registry, not ${describeValue(value)}.`;
  }
}

/**
 * Checks an annotation's attribute values against its label's definitions: each value's type and
 * choices, required attributes that are empty, and values for attributes the label does not have.
 */
export function validateAttributes(label: LabelDef, attributes: Record<string, AttributeValue>): AttributeProblem[] {
  const problems: AttributeProblem[] = [];
  const defs = label.attributes ?? [];
  for (const def of defs) {
    const value = attributes[def.name];
    if (isEmptyValue(value)) {
      if (def.required) problems.push({ field: def.name, message: `${def.name} is required for ${article(label.name)}.` });
      continue;
    }
    const problem = checkAttributeValue(def, value!);
    if (problem) problems.push({ field: def.name, message: problem });
  }
  const known = new Set(defs.map((d) => d.name));
  for (const [name, value] of Object.entries(attributes)) {
    if (!known.has(name) && !isEmptyValue(value)) {
      problems.push({ field: name, message: `${label.name} has no attribute "${name}" in this schema.` });
    }
  }
  return problems;
}

/** Checks document-level attribute values (topic, relevance …) against the schema's definitions. */
export function validateDocumentAttributes(schema: Schema, values: Record<string, AttributeValue>): AttributeProblem[] {
  return validateAttributes({ name: 'document', color: '#000000', attributes: schema.documentAttributes ?? [] }, values);
}

const SPEAKER_LABEL = 'Speaker';
const CLAIM_LABEL = 'Claim';

function shortQuote(a: Annotation): string {
  const q = a.quote.length > 60 ? `${a.quote.slice(0, 57)}…` : a.quote;
  return `“${q}”`;
}

/**
 * The "done" checks for one annotator's layer of a document, in reading order: claims without a
 * speaker (when the schema has a "said by" relation from claims to speakers), required attributes
 * left empty, attribute values that break their definitions, annotations whose label is no longer
 * in the schema, and relations that break their type's constraints.
 */
export function checkDocument(schema: Schema, annotations: readonly Annotation[], relations: readonly Relation[]): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const labels = new Map(schema.labels.map((l) => [l.name, l]));
  const byId = new Map(annotations.map((a) => [a.id as string, a]));
  const saidBy = schema.relationTypes.find((r) => r.name === SAID_BY);
  const checkSpeakers =
    saidBy !== undefined &&
    labels.has(CLAIM_LABEL) &&
    labels.has(SPEAKER_LABEL) &&
    allows(saidBy.from, CLAIM_LABEL) &&
    allows(saidBy.to, SPEAKER_LABEL);
  const claimsWithSpeaker = new Set<string>();
  for (const r of relations) {
    if (r.type === SAID_BY && byId.get(r.to)?.label === SPEAKER_LABEL) claimsWithSpeaker.add(r.from);
  }
  const ordered = [...annotations].sort((a, b) => a.ranges[0]!.start - b.ranges[0]!.start || a.ranges[0]!.end - b.ranges[0]!.end);
  const relationsFrom = new Map<string, Relation[]>();
  for (const r of relations) {
    const list = relationsFrom.get(r.from) ?? [];
    list.push(r);
    relationsFrom.set(r.from, list);
  }
  const reported = new Set<string>();
  for (const a of ordered) {
    const label = labels.get(a.label);
    if (!label) {
      problems.push({
        kind: 'unknown-label',
        annotationId: a.id,
        message: `${shortQuote(a)} is labelled "${a.label}", which is not in the schema.`,
      });
    } else {
      if (checkSpeakers && a.label === CLAIM_LABEL && !claimsWithSpeaker.has(a.id)) {
        problems.push({
          kind: 'claim-without-speaker',
          annotationId: a.id,
          message: `The claim ${shortQuote(a)} has no speaker.`,
        });
      }
      for (const p of validateAttributes(label, a.attributes)) {
        const missing = isEmptyValue(a.attributes[p.field]);
        problems.push({
          kind: missing ? 'required-attribute-missing' : 'invalid-attribute',
          annotationId: a.id,
          message: missing
            ? `The ${a.label.toLowerCase()} ${shortQuote(a)} needs ${p.field}.`
            : `The ${a.label.toLowerCase()} ${shortQuote(a)}: ${p.message}`,
        });
      }
    }
    for (const r of relationsFrom.get(a.id) ?? []) {
      reported.add(r.id);
      const to = byId.get(r.to);
      if (!to) {
        problems.push({
          kind: 'dangling-relation',
          annotationId: a.id,
          relationId: r.id,
          message: `The "${r.type}" link from ${shortQuote(a)} points to an annotation that no longer exists.`,
        });
        continue;
      }
      const why = checkRelation(schema, a.label, to.label, r.type);
      if (why) {
        problems.push({
          kind: 'relation-breaks-constraint',
          annotationId: a.id,
          relationId: r.id,
          message: `${shortQuote(a)} → ${shortQuote(to)}: ${why}`,
        });
      }
    }
  }
  for (const r of relations) {
    if (reported.has(r.id)) continue;
    const to = byId.get(r.to);
    if (!to) continue;
    problems.push({
      kind: 'dangling-relation',
      annotationId: to.id,
      relationId: r.id,
      message: `The "${r.type}" link to ${shortQuote(to)} starts at an annotation that no longer exists.`,
    });
  }
  return problems;
}

const HTTP_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `date` is a real calendar day written `YYYY-MM-DD`. */
function isCalendarDay(date: string): boolean {
  const m = ISO_DAY.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** What is wrong with a fact-check, as a sentence; null when it is usable. */
export function factCheckProblem(check: FactCheck): string | null {
  const url = check.url.trim();
  if (!url) return 'A fact-check needs the URL of its article.';
  if (!HTTP_URL.test(url)) return `The fact-check URL “${url}” is not an http:// or https:// address.`;
  const date = check.date.trim();
  if (date && !isCalendarDay(date)) return `The fact-check date “${date}” is not a day written YYYY-MM-DD (or left empty).`;
  return null;
}

/** A fact-check with its fields trimmed; throws a ValidationError when its URL or date is wrong. */
export function checkedFactCheck(check: FactCheck): FactCheck {
  const problem = factCheckProblem(check);
  if (problem) throw new ValidationError(problem);
  return { url: check.url.trim(), publisher: check.publisher.trim(), verdict: check.verdict.trim(), date: check.date.trim() };
}
