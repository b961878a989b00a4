/** Test helper: suggestions for a text as readable rows (label, rule, quoted text, entity). */
import { suggest, type Gazetteer } from './index.ts';

export interface Row {
  label: string;
  rule: string;
  text: string;
  entity?: string;
}

export function rows(text: string, gazetteer?: Gazetteer): { spans: Row[]; links: string[] } {
  const s = suggest(text, gazetteer);
  const byKey = new Map(s.spans.map((x) => [x.key, text.slice(x.start, x.end)]));
  return {
    spans: s.spans.map((x) => ({
      label: x.label,
      rule: x.rule,
      text: text.slice(x.start, x.end),
      ...(x.entity !== undefined && { entity: x.entity }),
    })),
    links: s.links.map((l) => `${byKey.get(l.from)} -${l.type}-> ${byKey.get(l.to)}`),
  };
}

/** The text of each span with this label. */
export const texts = (text: string, label: string, gazetteer?: Gazetteer) =>
  rows(text, gazetteer)
    .spans.filter((r) => r.label === label)
    .map((r) => r.text);
