/**
 * The schema editor's working copy. Every label, attribute and relation type keeps a stable key
 * and the name it had when the editor opened (its origin), so renames are told apart from
 * remove-and-add; relation types refer to labels by key, so renaming a label keeps them pointing
 * at it. `buildSchema` turns the draft into a Schema plus the origins `diffSchemas` needs.
 * The draft also holds the project's gazetteer of outlets (the shipped one until edited).
 */
import { canonicalJson } from '../../../core/model/schema.ts';
import type { AttributeDef, AttributeType, LabelDef, OutletDef, Schema } from '../../../core/model/types.ts';
import type { SchemaOrigins } from '../../../core/model/schemaChanges.ts';
import { DEFAULT_GAZETTEER } from '../../../core/suggest/gazetteer.ts';

export interface DraftAttribute {
  key: string;
  origin: string | null;
  name: string;
  type: AttributeType;
  /** The choices, one per line or comma-separated, for single and multi. */
  optionsText: string;
  required: boolean;
}

export interface DraftLabel {
  key: string;
  origin: string | null;
  name: string;
  color: string;
  hotkey: string;
  description: string;
  attributes: DraftAttribute[];
}

export interface DraftRelationType {
  key: string;
  origin: string | null;
  name: string;
  /** Label keys; empty = any label. */
  from: string[];
  to: string[];
}

/** A news agency or outlet in the gazetteer; aliases as typed (comma-separated). */
export interface DraftOutlet {
  key: string;
  name: string;
  kind: string;
  aliasesText: string;
}

export interface SchemaDraft {
  labels: DraftLabel[];
  relationTypes: DraftRelationType[];
  documentAttributes: DraftAttribute[];
  outlets: DraftOutlet[];
}

let counter = 0;
export const newKey = (prefix: string) => `${prefix}${++counter}`;

function draftAttribute(a: AttributeDef, keepOrigin: boolean): DraftAttribute {
  return {
    key: newKey('a'),
    origin: keepOrigin ? a.name : null,
    name: a.name,
    type: a.type,
    optionsText: (a.options ?? []).join(', '),
    required: a.required === true,
  };
}

/**
 * A draft of `schema`. With `keepOrigins` false (an imported schema file) nothing counts as
 * renamed: parts match the current schema by name only.
 */
export function draftOf(schema: Schema, keepOrigins = true, current?: Schema): SchemaDraft {
  const known = (names: string[] | undefined, name: string) => keepOrigins || (names?.includes(name) ?? false);
  const currentLabels = current?.labels.map((l) => l.name);
  const labels = schema.labels.map((l): DraftLabel => {
    const currentLabel = current?.labels.find((c) => c.name === l.name);
    return {
      key: newKey('l'),
      origin: known(currentLabels, l.name) ? l.name : null,
      name: l.name,
      color: l.color,
      hotkey: l.hotkey ?? '',
      description: l.description ?? '',
      attributes: (l.attributes ?? []).map((a) =>
        draftAttribute(a, keepOrigins || (currentLabel?.attributes ?? []).some((c) => c.name === a.name)),
      ),
    };
  });
  const keyOf = new Map(labels.map((l) => [l.name, l.key]));
  const currentTypes = current?.relationTypes.map((r) => r.name);
  const currentDocAttrs = current?.documentAttributes?.map((a) => a.name);
  return {
    labels,
    relationTypes: schema.relationTypes.map((r) => ({
      key: newKey('r'),
      origin: known(currentTypes, r.name) ? r.name : null,
      name: r.name,
      from: r.from.flatMap((n) => keyOf.get(n) ?? []),
      to: r.to.flatMap((n) => keyOf.get(n) ?? []),
    })),
    documentAttributes: (schema.documentAttributes ?? []).map((a) => draftAttribute(a, known(currentDocAttrs, a.name))),
    outlets: draftOutlets(schema.outlets ?? DEFAULT_GAZETTEER.outlets),
  };
}

/** Draft rows for a gazetteer's outlets (the shipped list when a schema has none of its own). */
export function draftOutlets(outlets: readonly OutletDef[]): DraftOutlet[] {
  return outlets.map((o) => ({ key: newKey('o'), name: o.name, kind: o.kind, aliasesText: (o.aliases ?? []).join(', ') }));
}

export function parseOptions(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((o) => o.trim())
    .filter((o) => o !== '');
}

function attributeOf(a: DraftAttribute): AttributeDef {
  const def: AttributeDef = { name: a.name.trim(), type: a.type };
  if (a.type === 'single' || a.type === 'multi') def.options = parseOptions(a.optionsText);
  if (a.required) def.required = true;
  return def;
}

export function buildSchema(draft: SchemaDraft): { schema: Schema; origins: SchemaOrigins } {
  const nameOf = new Map(draft.labels.map((l) => [l.key, l.name.trim()]));
  const labels = draft.labels.map((l): LabelDef => {
    const label: LabelDef = { name: l.name.trim(), color: l.color.toLowerCase(), attributes: l.attributes.map(attributeOf) };
    if (l.hotkey !== '') label.hotkey = l.hotkey;
    if (l.description.trim() !== '') label.description = l.description.trim();
    return label;
  });
  const schema: Schema = {
    version: 1,
    labels,
    relationTypes: draft.relationTypes.map((r) => ({
      name: r.name.trim(),
      from: r.from.flatMap((k) => nameOf.get(k) ?? []),
      to: r.to.flatMap((k) => nameOf.get(k) ?? []),
    })),
  };
  if (draft.documentAttributes.length > 0) schema.documentAttributes = draft.documentAttributes.map(attributeOf);
  const outlets = draft.outlets.map((o): OutletDef => {
    const aliases = parseOptions(o.aliasesText);
    return { name: o.name.trim(), kind: o.kind.trim(), ...(aliases.length > 0 && { aliases }) };
  });
  // The shipped list unchanged stays implicit, so the project follows it.
  if (canonicalJson(outlets) !== canonicalJson(DEFAULT_GAZETTEER.outlets)) schema.outlets = outlets;
  return {
    schema,
    origins: {
      labels: draft.labels.map((l) => l.origin),
      attributes: draft.labels.map((l) => l.attributes.map((a) => a.origin)),
      relationTypes: draft.relationTypes.map((r) => r.origin),
      documentAttributes: draft.documentAttributes.map((a) => a.origin),
    },
  };
}

/** The draft without a label, and without it in any relation type's ends. */
export function removeLabel(draft: SchemaDraft, key: string): SchemaDraft {
  return {
    ...draft,
    labels: draft.labels.filter((l) => l.key !== key),
    relationTypes: draft.relationTypes.map((r) => ({
      ...r,
      from: r.from.filter((k) => k !== key),
      to: r.to.filter((k) => k !== key),
    })),
  };
}

/** Where a parseSchema error path points in the draft: `labels[2]…` → the label's key. */
export function errorTarget(draft: SchemaDraft, message: string): string | null {
  const m = /^(labels|relationTypes|documentAttributes|outlets)\[(\d+)\](?:\.attributes\[(\d+)\])?/.exec(message);
  if (!m) return null;
  const i = Number(m[2]);
  if (m[1] === 'labels') {
    const label = draft.labels[i];
    if (!label) return null;
    return m[3] !== undefined ? (label.attributes[Number(m[3])]?.key ?? label.key) : label.key;
  }
  if (m[1] === 'relationTypes') return draft.relationTypes[i]?.key ?? null;
  if (m[1] === 'outlets') return draft.outlets[i]?.key ?? null;
  return draft.documentAttributes[i]?.key ?? null;
}

/** A human version of a parseSchema message: `labels[2].hotkey: …` → `Label "Cue": …`. */
export function describeError(draft: SchemaDraft, message: string): string {
  const m = /^(labels|relationTypes|documentAttributes|outlets)\[(\d+)\](?:\.attributes\[(\d+)\])?[^:]*: (.*)$/.exec(message);
  if (!m) return message;
  const i = Number(m[2]);
  const rest = m[4]!;
  if (m[1] === 'labels') {
    const label = draft.labels[i];
    const name = label?.name.trim() || `#${i + 1}`;
    if (m[3] !== undefined) {
      const attr = label?.attributes[Number(m[3])];
      return `Label "${name}", attribute "${attr?.name.trim() || `#${Number(m[3]) + 1}`}": ${rest}`;
    }
    return `Label "${name}": ${rest}`;
  }
  if (m[1] === 'outlets') return `Outlet "${draft.outlets[i]?.name.trim() || `#${i + 1}`}": ${rest}`;
  if (m[1] === 'relationTypes') return `Relation type "${draft.relationTypes[i]?.name.trim() || `#${i + 1}`}": ${rest}`;
  return `Document attribute "${draft.documentAttributes[i]?.name.trim() || `#${i + 1}`}": ${rest}`;
}
