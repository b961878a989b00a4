/**
 * The per-annotation history: what each undo-log step changed about one annotation, worded for
 * the annotator ("stance: — → asserts", "Linked: said by → Speaker “Lavrov”").
 */
import type { Annotation, AttributeValue, Relation } from '../../../core/model/types.ts';
import type { OperationRecord } from '../../db/db.ts';

export interface HistoryLine {
  seq: number;
  at: string;
  by: string;
  description: string;
  undone: boolean;
  changes: string[];
}

const short = (s: string, n = 50) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function formatValue(v: AttributeValue | undefined): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return formatValue(a) === formatValue(b) && JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Describes one operation as seen from annotation `id`. `nameOf` names another annotation (label
 * and quote) from the current document; annotations only found in the operation's snapshots are
 * named from those.
 */
export function describeForAnnotation(
  op: OperationRecord,
  id: string,
  nameOf: (id: string) => string | null,
  entityName: (id: string) => string | null = () => null,
): HistoryLine {
  const snapshots = new Map<string, Annotation>();
  for (const a of [...op.before.annotations, ...op.after.annotations]) snapshots.set(a.id, a);
  const name = (other: string) => {
    const n = nameOf(other);
    if (n) return n;
    const s = snapshots.get(other);
    return s ? `${s.label} “${short(s.quote, 30)}”` : 'a removed annotation';
  };
  const changes: string[] = [];
  const before = op.before.annotations.find((a) => a.id === id);
  const after = op.after.annotations.find((a) => a.id === id);
  if (!before && after) changes.push(`Created as ${after.label} “${short(after.quote)}”`);
  else if (before && !after) changes.push(`Deleted (${before.label} “${short(before.quote)}”)`);
  else if (before && after) {
    if (before.label !== after.label) changes.push(`Label: ${before.label} → ${after.label}`);
    if (before.quote !== after.quote) changes.push(`Text: “${short(before.quote)}” → “${short(after.quote)}”`);
    const keys = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
    for (const k of keys) {
      const [x, y] = [before.attributes[k], after.attributes[k]];
      if (sameValue(x, y)) continue;
      const fmt = (v: AttributeValue | undefined) => (typeof v === 'string' && entityName(v) !== null ? entityName(v)! : formatValue(v));
      changes.push(`${k}: ${fmt(x)} → ${fmt(y)}`);
    }
    if (before.note !== after.note) changes.push(after.note ? `Note: “${short(after.note)}”` : 'Note cleared');
  }
  const relationIds = (list: Relation[]) => new Set(list.map((r) => r.id as string));
  const beforeRel = relationIds(op.before.relations);
  const afterRel = relationIds(op.after.relations);
  const describe = (r: Relation) => (r.from === id ? `${r.type} → ${name(r.to)}` : `from ${name(r.from)} (${r.type})`);
  for (const r of op.after.relations) {
    if ((r.from === id || r.to === id) && !beforeRel.has(r.id)) changes.push(`Linked: ${describe(r)}`);
  }
  for (const r of op.before.relations) {
    if ((r.from === id || r.to === id) && !afterRel.has(r.id)) changes.push(`Unlinked: ${describe(r)}`);
  }
  return { seq: op.seq ?? 0, at: op.at, by: op.by, description: op.description, undone: op.undone === 1, changes };
}
