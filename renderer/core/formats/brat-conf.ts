/**
 * brat's `annotation.conf` (https://brat.nlplab.org/configuration.html) read into a Claimscope
 * schema by brat's own rules, as its server reads it (`server/src/projectconfig.py`): section
 * aliases, macros, the type hierarchy, `<ENTITY>`/`<EVENT>`/`<ANY>`, special relation types.
 * brat's example corpora are the test fixtures (fixtures/brat-examples/).
 */
import type { AttributeDef, LabelDef, RelationTypeDef, Schema } from '../model/types.ts';
import { fail, ok, type FormatWarning, type Result } from './types.ts';
import { LABEL_PALETTE } from '../model/schema.ts';

type Section = 'entities' | 'relations' | 'events' | 'attributes';

/** Section names brat reads as another section (projectconfig.py, `SECTION_ALIAS`). */
const SECTION_ALIAS: Record<string, Section> = { spans: 'entities' };
const SECTIONS: readonly string[] = ['entities', 'relations', 'events', 'attributes'];

/** Names brat reserves: `<NAME>` stands for itself, never for a macro. */
const RESERVED = new Set([
  'ANY',
  'ENTITY',
  'RELATION',
  'EVENT',
  'NONE',
  'EMPTY',
  'REL-TYPE',
  'URL',
  'URLBASE',
  'GLYPH-POS',
  'DEFAULT',
  'NORM',
  'OVERLAP',
  'OVL-TYPE',
  'INHERIT',
]);

/** Relation "types" that only configure overlap and nesting. */
const SPECIAL_RELATIONS = new Set(['<OVERLAP>', 'ENTITY-NESTING']);

/** One line of a section: a type, where it sits in the hierarchy and its arguments. */
interface ConfNode {
  /** The storage form: the first of the `|`-separated terms, as brat names it in `.ann` files. */
  name: string;
  /** Marked `!`: a grouping in the hierarchy, not annotatable. */
  unused: boolean;
  /** Arguments in order, role → types; reserved keys (`<REL-TYPE>` …) left out. */
  args: [string, string[]][];
  line: number;
}

/**
 * brat's storage form of a type name (projectconfig.py, `normalize_to_storage_form`): every
 * character outside `[A-Za-z0-9_-]` becomes `_`. `.ann` files name types by this form.
 */
function storageForm(term: string): string {
  return SPECIAL_RELATIONS.has(term) ? term : term.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** Strips brat's argument repetition marks: `Agent?`, `Theme*`, `Theme+`, `Theme{2}`. */
function roleName(role: string): string {
  return role.replace(/(\{\d*(?:-\d*)?\}|[?*+])$/, '');
}

/**
 * Reads one section's lines as brat's `__read_term_hierarchy` does: blank lines, `#` comments and
 * separator lines (`----`) skipped; `<NAME>=A|B` defines a macro for the rest of the section
 * (macros defined before the first section apply to every section); the indentation (its length
 * in characters) places a type under the last type one level up; `<INHERIT>` copies the parent's
 * arguments; arguments are comma-separated `Role:Type|Type`.
 */
function readSection(
  name: string,
  section: Section,
  lines: { text: string; line: number }[],
  globalMacros: ReadonlyMap<string, string>,
  warnings: FormatWarning[],
): Result<ConfNode[]> {
  const nodes: ConfNode[] = [];
  const macros = new Map(globalMacros);
  const argsAtDepth = new Map<number, string[]>();
  for (const { text, line } of lines) {
    let l = withoutComment(text);
    if (l.trim() === '' || /^\s*#/.test(l) || /^\s*-+\s*$/.test(l)) continue;
    const macro = /^<([a-zA-Z_-]+)>\s*=\s*(.*?)\s*$/.exec(l);
    if (macro) {
      if (RESERVED.has(macro[1]!)) return fail(name, `<${macro[1]}> is a name brat reserves; it cannot be defined as a macro.`, line);
      macros.set(`<${macro[1]}>`, macro[2]!);
      continue;
    }
    for (const [k, v] of macros) l = l.split(k).join(v);
    for (const m of l.matchAll(/<([^<>]*)>/g)) {
      if (!RESERVED.has(m[1]!))
        return fail(name, `<${m[1]}> is not defined (a macro is defined as "<${m[1]}>=A|B" in the same section, before its use).`, line);
    }
    let m = /^(\s*)(\S+)(?:\s+(.*))?$/s.exec(l)!;
    const argList = (s: string | undefined) =>
      (s ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
    let args = argList(m[3]);
    if (args.some((a) => /\s/.test(a)) && l.includes('\t')) {
      // Older configurations put spaces in type names and a tab before the arguments.
      m = /^(\s*)([^\t]+)(?:\t(.*))?$/s.exec(l)!;
      args = argList(m[3]);
      warnings.push({
        file: name,
        line,
        message: `"${m[2]!.trim()}" has spaces in its name; read as brat reads older configurations (the name ends at the tab).`,
      });
    }
    const depth = m[1]!.length;
    const terms = m[2]!
      .split('|')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (terms.length === 0) return fail(name, `"${l.trim()}" names no type.`, line);
    const unused = terms.some((t) => t.startsWith('!'));
    const first = terms[0]!.replace(/^!/, '');
    if (first === '') return fail(name, `"${l.trim()}" names no type.`, line);
    const typeName = storageForm(first);
    if (typeName !== first) {
      warnings.push({ file: name, line, message: `"${first}" is not a name brat can store; it is read as "${typeName}", as brat does.` });
    }
    if (depth > 0 && !argsAtDepth.has(depth - 1))
      return fail(name, `"${l.trim()}" is indented, but no type one level up comes before it.`, line);
    const expanded = args.flatMap((a) => (a === '<INHERIT>' ? (argsAtDepth.get(depth - 1) ?? []) : [a]));
    for (const d of [...argsAtDepth.keys()]) if (d > depth) argsAtDepth.delete(d);
    argsAtDepth.set(depth, expanded);
    const parsed: [string, string[]][] = [];
    for (const a of expanded) {
      const am = /^(\S*?):(\S*)$/.exec(a);
      if (!am || am[1] === '') {
        if (section === 'entities') return fail(name, `"${l.trim()}" is not an entity type name (names cannot contain spaces).`, line);
        return fail(name, `"${a}" is not "Role:Type" (for example Arg1:Person).`, line);
      }
      const [, key, types] = am;
      if (/^<.*>$/.test(key!)) continue; // <REL-TYPE>, <OVL-TYPE>, <NORM> …: settings, not arguments
      const list = types!.split('|').map((t) => t.trim());
      if (list.some((t) => t === '')) return fail(name, `"${a}" has an empty type (for example Arg1:Person|).`, line);
      parsed.push([key!, list]);
    }
    nodes.push({ name: typeName, unused, args: parsed, line });
  }
  return ok(nodes);
}

/**
 * A line without its comment (blank then `#` to the end). Found with one scan: /\s+#.*$/ backtracks
 * quadratically on a long run of blanks without a `#`.
 */
function withoutComment(text: string): string {
  const at = text.search(/\s#/);
  return at < 0 ? text : text.slice(0, at);
}

/**
 * Reads a brat `annotation.conf` into a Claimscope schema, by brat's own rules (projectconfig.py):
 * `[spans]` is read as `[entities]`; other unknown sections are skipped with a warning; types may
 * be indented under others (`!Type` = a grouping, not annotatable); `|`-separated alternative
 * names keep the first; macros `<NAME>=A|B` are expanded; `<ENTITY>`, `<EVENT>` and `<ANY>` stand
 * for every entity type, every event type, any type. Entities and event types become labels (an
 * event's trigger is a text annotation); `[relations]` become relation types with their argument
 * labels (an empty list = any label); `<OVERLAP>` and `ENTITY-NESTING` only configure overlaps,
 * which Claimscope always allows, and are skipped; every event role becomes a relation type
 * `Event:Role` from the event's label to its argument labels, as {@link parseBrat} imports events.
 * An argument naming a type the file does not define (brat's CoNLL-ST 2006 example says `Span`)
 * matches no type in brat; here it allows any, with a warning, since the corpus's `.ann` files use
 * those relations. Attributes with `Value:a|b` become single-choice attributes, without values
 * booleans. Labels get colours from {@link LABEL_PALETTE} and hotkeys 1–9 in order.
 */
export function parseAnnotationConf(name: string, content: string): Result<Schema> {
  const warnings: FormatWarning[] = [];
  const lines = content.replace(/^\ufeff/, '').split(/\r?\n/);
  const sectionLines = new Map<Section, { text: string; line: number }[]>();
  const preamble: { text: string; line: number }[] = [];
  let section: Section | 'unknown' | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const header = /^\s*\[(.*)\]\s*$/.exec(text);
    if (header) {
      const h = header[1]!.trim();
      const known = SECTION_ALIAS[h] ?? (SECTIONS.includes(h) ? (h as Section) : null);
      if (known === null) warnings.push({ file: name, line: i + 1, message: `Unknown section [${h}], skipped (brat skips it too).` });
      section = known ?? 'unknown';
      continue;
    }
    if (section === null) preamble.push({ text, line: i + 1 });
    else if (section !== 'unknown') (sectionLines.get(section) ?? sectionLines.set(section, []).get(section)!).push({ text, line: i + 1 });
  }

  // Before the first section only macros count (brat reads those lines and then ignores them).
  const globalMacros = new Map<string, string>();
  for (const { text, line } of preamble) {
    const t = withoutComment(text).trim();
    if (t === '' || t.startsWith('#')) continue;
    const macro = /^<([a-zA-Z_-]+)>\s*=\s*(.*?)\s*$/.exec(t);
    if (macro && !RESERVED.has(macro[1]!)) globalMacros.set(`<${macro[1]}>`, macro[2]!);
    else
      warnings.push({
        file: name,
        line,
        message: `"${t}" comes before any section such as [entities]; brat ignores it, and so does Claimscope.`,
      });
  }

  const read: Record<Section, ConfNode[]> = { entities: [], relations: [], events: [], attributes: [] };
  for (const s of SECTIONS as Section[]) {
    const r = readSection(name, s, sectionLines.get(s) ?? [], globalMacros, warnings);
    if (!r.ok) return r;
    read[s] = r.value;
  }

  const unique = (xs: string[]) => [...new Set(xs)];
  const entities = unique(read.entities.filter((n) => !n.unused).map((n) => n.name));
  const eventLabels = unique(read.events.filter((n) => !n.unused).map((n) => n.name));
  const labelNames = unique([...entities, ...eventLabels]);
  if (labelNames.length === 0) return fail(name, 'The file defines no entity or event types.');
  const known = new Set([...read.entities, ...read.events].map((n) => n.name));
  const unknownTypes = new Map<string, string[]>();
  /** The labels an argument allows: null = any label. */
  const expand = (types: string[], where: string): string[] | null => {
    const out: string[] = [];
    let unknown = 0;
    for (const t of types) {
      if (t === '<ANY>') return null;
      const list =
        t === '<ENTITY>'
          ? entities
          : t === '<EVENT>'
            ? eventLabels
            : t === '<RELATION>'
              ? []
              : known.has(t)
                ? labelNames.includes(t)
                  ? [t]
                  : []
                : null;
      if (list === null) {
        unknown++;
        (unknownTypes.get(t) ?? unknownTypes.set(t, []).get(t)!).push(where);
        continue;
      }
      for (const x of list) if (!out.includes(x)) out.push(x);
    }
    return out.length === 0 && unknown > 0 ? null : out;
  };

  const relationTypes: RelationTypeDef[] = [];
  const addRelationType = (rname: string, from: string[] | null, to: string[] | null): void => {
    const existing = relationTypes.find((r) => r.name === rname);
    if (!existing) {
      relationTypes.push({ name: rname, from: from ?? [], to: to ?? [] });
      return;
    }
    // Merging: "any" (empty) on either side stays "any".
    existing.from = from === null || existing.from.length === 0 ? [] : [...new Set([...existing.from, ...from])];
    existing.to = to === null || existing.to.length === 0 ? [] : [...new Set([...existing.to, ...to])];
  };
  for (const r of read.relations) {
    if (SPECIAL_RELATIONS.has(r.name) || r.unused) continue;
    if (r.args.length !== 2) {
      return fail(name, `The relation ${r.name} needs two arguments, e.g. "${r.name} Arg1:A, Arg2:B" (it has ${r.args.length}).`, r.line);
    }
    addRelationType(r.name, expand(r.args[0]![1], r.name), expand(r.args[1]![1], r.name));
  }
  for (const e of read.events) {
    if (e.unused) continue;
    for (const [role, types] of e.args)
      addRelationType(`${e.name}:${roleName(role)}`, [e.name], expand(types, `${e.name}:${roleName(role)}`));
  }

  const attrsByLabel = new Map<string, AttributeDef[]>();
  for (const a of read.attributes) {
    if (a.unused) continue;
    const target = a.args.find(([role]) => role === 'Arg');
    const value = a.args.find(([role]) => role === 'Value');
    if (!target) return fail(name, `The attribute ${a.name} names no "Arg:" (the types it applies to).`, a.line);
    const labels = expand(target[1], a.name) ?? labelNames;
    const def: AttributeDef =
      value && value[1].length > 0 ? { name: a.name, type: 'single', options: value[1] } : { name: a.name, type: 'boolean' };
    let applied = 0;
    for (const l of labels) {
      if (!labelNames.includes(l)) continue;
      const list = attrsByLabel.get(l) ?? [];
      if (!list.some((d) => d.name === def.name)) list.push({ ...def, ...(def.options ? { options: [...def.options] } : {}) });
      attrsByLabel.set(l, list);
      applied++;
    }
    if (applied === 0)
      warnings.push({ file: name, line: a.line, message: `The attribute ${a.name} applies to no entity or event type, skipped.` });
  }
  for (const [type, users] of unknownTypes) {
    const names = unique(users);
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
    warnings.push({
      file: name,
      message: `${shown} name${names.length === 1 ? 's' : ''} the type "${type}", which the file does not define; read as allowing any type.`,
    });
  }

  const labels: LabelDef[] = labelNames.map((l, i) => {
    const def: LabelDef = { name: l, color: LABEL_PALETTE[i % LABEL_PALETTE.length]! };
    if (i < 9) def.hotkey = String(i + 1);
    const attrs = attrsByLabel.get(l);
    if (attrs) def.attributes = attrs;
    return def;
  });
  return ok({ version: 1, labels, relationTypes }, warnings);
}

/**
 * Reads `annotation.conf` for an import. A file that cannot be read does not stop the import: the
 * documents are imported with the types their `.ann` files use, and a warning says why the
 * configuration was not used.
 */
export function readAnnotationConf(name: string, content: string): { schema: Schema | null; warnings: FormatWarning[] } {
  const r = parseAnnotationConf(name, content);
  if (r.ok) return { schema: r.value, warnings: r.warnings };
  const warning: FormatWarning = {
    file: r.error.file,
    message: `${r.error.message} The configuration is not used: the documents are imported with the entity, relation and attribute types their .ann files use.`,
  };
  if (r.error.line !== undefined) warning.line = r.error.line;
  return { schema: null, warnings: [warning] };
}
