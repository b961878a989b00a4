/**
 * Annotation schemas: the labels a project offers, their typed attributes, and the relation types
 * between labels. `DEFAULT_SCHEMA` is the attribution model for news claims; `parseSchema` reads a
 * schema file and checks it thoroughly, so the rest of the app can trust a schema it is given.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../formats/types.ts';
import { sha256Hex } from './hash.ts';
import { attributeTypeShape } from './shapes.ts';
import { CUE_OF, REPORTED_BY, SAID_BY, type AttributeDef, type LabelDef, type RelationTypeDef, type Schema } from './types.ts';

/**
 * The default schema. Colours are from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
 * Design"), chosen to stay distinguishable with protanopia, deuteranopia and tritanopia: orange,
 * sky blue, bluish green and reddish purple. Used as ~35% alpha tints behind dark text, each
 * stays light enough for body text to keep a high contrast ratio.
 */
export const DEFAULT_SCHEMA: Schema = {
  version: 1,
  labels: [
    {
      name: 'Claim',
      color: '#e69f00',
      hotkey: '1',
      description: 'A statement presented as fact or opinion that could be checked or disputed.',
      attributes: [
        { name: 'stance', type: 'single', options: ['asserts', 'denies', 'questions'] },
        { name: 'check-worthiness', type: 'single', options: ['not', 'low', 'high'] },
        { name: 'quote type', type: 'single', options: ['direct', 'indirect', 'mixed'] },
        { name: 'verdict', type: 'single', options: ['unverified', 'true', 'false', 'mixed', 'unverifiable'] },
      ],
    },
    {
      name: 'Speaker',
      color: '#56b4e9',
      hotkey: '2',
      description: 'The person or body the claim is attributed to.',
      attributes: [{ name: 'entity', type: 'entity' }],
    },
    {
      name: 'Source',
      color: '#009e73',
      hotkey: '3',
      description: 'Where the reporter got the claim from: an agency, outlet, document or person.',
      attributes: [
        { name: 'entity', type: 'entity' },
        {
          name: 'kind',
          type: 'single',
          options: ['news agency', 'newspaper', 'broadcaster', 'government', 'person', 'document', 'other'],
        },
      ],
    },
    {
      name: 'Cue',
      color: '#cc79a7',
      hotkey: '4',
      description: 'The words that mark the attribution, such as "said" or "according to".',
      attributes: [],
    },
  ],
  documentAttributes: [
    {
      name: 'topic',
      type: 'multi',
      options: ['politics', 'conflict', 'economy', 'health', 'science', 'environment', 'society', 'other'],
    },
    { name: 'relevance', type: 'single', options: ['yes', 'no'] },
  ],
  relationTypes: [
    { name: SAID_BY, from: ['Claim'], to: ['Speaker'] },
    { name: CUE_OF, from: ['Claim'], to: ['Cue'] },
    { name: REPORTED_BY, from: ['Claim', 'Source'], to: ['Source'] },
  ],
};

/** Colours given to labels in order (Okabe–Ito and Tableau hues, readable behind black text). */
export const LABEL_PALETTE = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#8dd3c7',
  '#bebada',
  '#fb8072',
  '#80b1d3',
  '#fdb462',
  '#b3de69',
  '#fccde5',
  '#bc80bd',
  '#ccebc5',
] as const;

/**
 * The schema grown to hold imported data: the labels and relation types of `extra` schemas
 * (brat's annotation.conf; their hotkeys are dropped, the project's own keys stay), then every
 * label and relation type in `used` that is still missing (sorted; colours from
 * {@link LABEL_PALETTE}). Returns `base` itself when nothing was added.
 */
export function growSchema(
  base: Schema,
  extra: readonly Schema[],
  used: { labels: Iterable<string>; relationTypes: Iterable<string> },
): Schema {
  const labels = [...base.labels];
  const relationTypes = [...base.relationTypes];
  const haveLabel = new Set(labels.map((l) => l.name));
  const haveType = new Set(relationTypes.map((r) => r.name));
  const addLabel = (label: LabelDef) => {
    if (haveLabel.has(label.name)) return;
    haveLabel.add(label.name);
    labels.push(label);
  };
  const addType = (type: RelationTypeDef) => {
    if (haveType.has(type.name)) return;
    haveType.add(type.name);
    relationTypes.push(type);
  };
  for (const s of extra) {
    for (const { hotkey: _dropped, ...label } of s.labels) addLabel(label);
    for (const r of s.relationTypes) addType(r);
  }
  for (const name of [...new Set(used.labels)].sort()) addLabel({ name, color: LABEL_PALETTE[labels.length % LABEL_PALETTE.length]! });
  for (const name of [...new Set(used.relationTypes)].sort()) addType({ name, from: [], to: [] });
  if (labels.length === base.labels.length && relationTypes.length === base.relationTypes.length) return base;
  return { ...base, labels, relationTypes };
}

const CHOICE_TYPES = new Set(['single', 'multi']);

const attributeSchema = z.object({
  name: z.string().trim().min(1, 'an attribute needs a name'),
  type: attributeTypeShape,
  options: z.array(z.string().trim().min(1, 'an option cannot be empty')).optional(),
  required: z.boolean().optional(),
});

const labelSchema = z.object({
  name: z.string().trim().min(1, 'a label needs a name'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'the colour must be written #rrggbb, e.g. #e69f00'),
  hotkey: z
    .string()
    .refine((k) => [...k].length === 1 && k.trim() === k, 'a hotkey must be a single, visible key')
    .optional(),
  description: z.string().optional(),
  attributes: z.array(attributeSchema).optional(),
});

const relationTypeSchema = z.object({
  name: z.string().trim().min(1, 'a relation type needs a name'),
  from: z.array(z.string()).default([]),
  to: z.array(z.string()).default([]),
});

const outletSchema = z.object({
  name: z.string().trim().min(1, 'an outlet needs a name'),
  kind: z.string().trim().default(''),
  aliases: z.array(z.string().trim().min(1, 'an alias cannot be empty')).optional(),
});

const schemaSchema = z
  .object({
    version: z.literal(1, { error: 'only schema version 1 is supported' }).default(1),
    labels: z.array(labelSchema).min(1, 'a schema needs at least one label'),
    relationTypes: z.array(relationTypeSchema).default([]),
    documentAttributes: z.array(attributeSchema).optional(),
    outlets: z.array(outletSchema).optional(),
  })
  .superRefine((schema, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const checkOptions = (a: z.infer<typeof attributeSchema>, path: (string | number)[]) => {
      if (CHOICE_TYPES.has(a.type)) {
        if (!a.options || a.options.length === 0) issue(path, `a ${a.type} attribute needs a list of options`);
        else firstDuplicate(a.options, (oi) => issue([...path, oi], `the option "${a.options![oi]}" is listed twice`));
      } else if (a.options !== undefined) {
        issue(path, `options only apply to single and multi attributes, not ${a.type}`);
      }
    };
    firstDuplicate(
      schema.labels.map((l) => l.name.toLowerCase()),
      (i) => issue(['labels', i, 'name'], `the label name "${schema.labels[i]!.name}" is used twice`),
    );
    const keyed = schema.labels.flatMap((l, i) => (l.hotkey === undefined ? [] : [{ i, key: l.hotkey.toLowerCase() }]));
    firstDuplicate(
      keyed.map((k) => k.key),
      (j) => {
        const i = keyed[j]!.i;
        issue(['labels', i, 'hotkey'], `the hotkey "${schema.labels[i]!.hotkey}" is used by two labels`);
      },
    );
    schema.labels.forEach((label, li) => {
      const attrs = label.attributes ?? [];
      firstDuplicate(
        attrs.map((a) => a.name),
        (ai) => issue(['labels', li, 'attributes', ai, 'name'], `the attribute "${attrs[ai]!.name}" is defined twice`),
      );
      attrs.forEach((a, ai) => checkOptions(a, ['labels', li, 'attributes', ai, 'options']));
    });
    const docAttrs = schema.documentAttributes ?? [];
    firstDuplicate(
      docAttrs.map((a) => a.name),
      (ai) => issue(['documentAttributes', ai, 'name'], `the document attribute "${docAttrs[ai]!.name}" is defined twice`),
    );
    docAttrs.forEach((a, ai) => checkOptions(a, ['documentAttributes', ai, 'options']));
    const labelNames = new Set(schema.labels.map((l) => l.name));
    firstDuplicate(
      schema.relationTypes.map((r) => r.name),
      (ri) => issue(['relationTypes', ri, 'name'], `the relation type "${schema.relationTypes[ri]!.name}" is defined twice`),
    );
    const outlets = schema.outlets ?? [];
    firstDuplicate(
      outlets.map((o) => o.name.toLowerCase()),
      (oi) => issue(['outlets', oi, 'name'], `the outlet "${outlets[oi]!.name}" is listed twice`),
    );
    schema.relationTypes.forEach((r, ri) => {
      for (const end of ['from', 'to'] as const) {
        r[end].forEach((name, ni) => {
          if (!labelNames.has(name)) issue(['relationTypes', ri, end, ni], `there is no label called "${name}"`);
        });
      }
    });
  });

function firstDuplicate(values: string[], report: (index: number) => void): void {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i]!)) {
      report(i);
      return;
    }
    seen.add(values[i]!);
  }
}

/** Formats a zod issue path as `labels[2].color`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/** The 1-based line of a JSON.parse error, when the engine's message gives a position. */
export function jsonErrorLine(json: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (!pos) return undefined;
  const at = Math.min(Number(pos[1]), json.length);
  let n = 1;
  for (let i = 0; i < at; i++) if (json.charCodeAt(i) === 10) n++;
  return n;
}

function attributeOut(a: z.infer<typeof attributeSchema>): AttributeDef {
  return {
    name: a.name,
    type: a.type,
    ...(a.options !== undefined && { options: a.options }),
    ...(a.required !== undefined && { required: a.required }),
  };
}

/** Reads and checks a schema file (JSON). Never throws. */
export function parseSchema(fileName: string, json: string): Result<Schema> {
  let data: unknown;
  try {
    data = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return fail(fileName, `is not valid JSON (${reason})`, jsonErrorLine(json, e));
  }
  const parsed = schemaSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = formatIssuePath(issue.path);
    return fail(fileName, where ? `${where}: ${issue.message}` : issue.message);
  }
  const s = parsed.data;
  const labels: LabelDef[] = s.labels.map((l) => ({
    name: l.name,
    color: l.color.toLowerCase(),
    ...(l.hotkey !== undefined && { hotkey: l.hotkey }),
    ...(l.description !== undefined && { description: l.description }),
    attributes: (l.attributes ?? []).map(attributeOut),
  }));
  const relationTypes: RelationTypeDef[] = s.relationTypes.map((r) => ({ name: r.name, from: r.from, to: r.to }));
  const schema: Schema = { version: 1, labels, relationTypes };
  if (s.documentAttributes !== undefined) schema.documentAttributes = s.documentAttributes.map(attributeOut);
  if (s.outlets !== undefined) {
    schema.outlets = s.outlets.map((o) => ({
      name: o.name,
      kind: o.kind,
      ...(o.aliases && o.aliases.length > 0 && { aliases: o.aliases }),
    }));
  }
  return ok(schema);
}

export function labelByName(schema: Schema, name: string): LabelDef | undefined {
  return schema.labels.find((l) => l.name === name);
}

/** The label a key applies; letters match regardless of case. */
export function labelByHotkey(schema: Schema, key: string): LabelDef | undefined {
  const k = key.toLowerCase();
  return schema.labels.find((l) => l.hotkey !== undefined && l.hotkey.toLowerCase() === k);
}

/**
 * A fingerprint of what a schema lets annotators record: label names, their attributes (name,
 * type, options, required) and relation types. Presentation (colours, hotkeys, descriptions) and
 * the order of labels, attributes, options and relation types do not change it, so two projects
 * with the same fingerprint produce comparable annotations.
 */
export function schemaFingerprint(schema: Schema): string {
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const canonical = {
    labels: schema.labels
      .map((l) => ({
        name: l.name,
        attributes: (l.attributes ?? [])
          .map((a) => ({
            name: a.name,
            type: a.type,
            options: [...(a.options ?? [])].sort(),
            required: a.required === true,
          }))
          .sort(byName),
      }))
      .sort(byName),
    relationTypes: schema.relationTypes.map((r) => ({ name: r.name, from: [...r.from].sort(), to: [...r.to].sort() })).sort(byName),
    // Only present when the schema has document attributes, so older fingerprints stay the same.
    documentAttributes:
      schema.documentAttributes && schema.documentAttributes.length > 0
        ? schema.documentAttributes
            .map((a) => ({ name: a.name, type: a.type, options: [...(a.options ?? [])].sort(), required: a.required === true }))
            .sort(byName)
        : undefined,
  };
  return sha256Hex(canonicalJson(canonical));
}

/** JSON with object keys sorted, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
