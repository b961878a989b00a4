/**
 * The claims review queue's rows: every claim of every layer with its speakers (targets of its
 * `said by` links), its source chain (`reported by`, followed from the claim and then from each
 * source; cycles cut), attributes, layer and review state. Pure.
 */
import { CUE_OF, GOLD_LAYER, REPORTED_BY, SAID_BY, type Annotation, type Relation } from '../model/types.ts';
import { layerSignatureOf, signatureOf, type ReviewDecisionLike } from './merge.ts';

export type ClaimReviewState = 'gold' | 'in gold' | 'rejected' | 'nothing right' | 'open';

export interface ClaimRow {
  id: string;
  documentId: string;
  layer: string;
  start: number;
  claim: string;
  speakers: string[];
  sources: string[];
  cues: string[];
  attributes: string;
  state: ClaimReviewState;
  comments: number;
  unresolved: boolean;
}

export interface ClaimRowInput {
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  decisions: readonly (ReviewDecisionLike & { documentId: string })[];
  /** Comment counts and whether the thread is open, by annotation id. */
  threads?: ReadonlyMap<string, { count: number; resolved: boolean }>;
  claimLabels?: readonly string[];
}

export function claimRows(input: ClaimRowInput): ClaimRow[] {
  const claimLabels = new Set(input.claimLabels ?? ['Claim']);
  const byId = new Map(input.annotations.map((a) => [a.id as string, a]));
  const out = new Map<string, Relation[]>();
  for (const r of input.relations) {
    let list = out.get(r.from);
    if (!list) out.set(r.from, (list = []));
    list.push(r);
  }
  const goldSigs = new Set(input.annotations.filter((a) => a.layer === GOLD_LAYER).map((a) => `${a.documentId}#${signatureOf(a)}`));
  const decided = new Map<string, string>();
  for (const d of input.decisions) for (const s of d.signatures) if (d.kind !== 'accept') decided.set(`${d.documentId}#${s}`, d.kind);
  const rows: ClaimRow[] = [];
  for (const a of input.annotations) {
    if (!claimLabels.has(a.label)) continue;
    const links = out.get(a.id) ?? [];
    const quote = (id: string) => byId.get(id)?.quote ?? '';
    const speakers = links.filter((r) => r.type === SAID_BY).map((r) => quote(r.to));
    const cues = links.filter((r) => r.type === CUE_OF).map((r) => quote(r.to));
    const sources: string[] = [];
    const seen = new Set<string>([a.id]);
    let frontier = links.filter((r) => r.type === REPORTED_BY).map((r) => r.to as string);
    while (frontier.length) {
      const next: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        sources.push(quote(id));
        for (const r of out.get(id) ?? []) if (r.type === REPORTED_BY) next.push(r.to);
      }
      frontier = next;
    }
    let state: ClaimReviewState;
    if (a.layer === GOLD_LAYER) state = 'gold';
    else if (goldSigs.has(`${a.documentId}#${signatureOf(a)}`)) state = 'in gold';
    else {
      const kind = decided.get(`${a.documentId}#${layerSignatureOf(a)}`);
      state = kind === 'reject' ? 'rejected' : kind === 'nothing-right' ? 'nothing right' : 'open';
    }
    const thread = input.threads?.get(a.id);
    rows.push({
      id: a.id,
      documentId: a.documentId,
      layer: a.layer,
      start: a.ranges[0]?.start ?? 0,
      claim: a.quote,
      speakers,
      sources,
      cues,
      attributes: Object.entries(a.attributes)
        .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
        .join('; '),
      state,
      comments: thread?.count ?? 0,
      unresolved: thread ? !thread.resolved : false,
    });
  }
  return rows;
}

export type ClaimSortKey = 'document' | 'claim' | 'speaker' | 'layer' | 'state' | 'comments';

/** Filters by free text (claim, speakers, sources, attributes), layer and state; sorts stably. */
export function filterClaimRows(
  rows: readonly ClaimRow[],
  f: { text?: string; layer?: string; state?: string; sort?: ClaimSortKey; descending?: boolean; titles?: ReadonlyMap<string, string> },
): ClaimRow[] {
  const needle = f.text?.trim().toLocaleLowerCase() ?? '';
  const kept = rows.filter(
    (r) =>
      (!f.layer || r.layer === f.layer) &&
      (!f.state || r.state === f.state) &&
      (!needle || [r.claim, ...r.speakers, ...r.sources, r.attributes].some((s) => s.toLocaleLowerCase().includes(needle))),
  );
  const title = (r: ClaimRow) => f.titles?.get(r.documentId) ?? r.documentId;
  const key: Record<ClaimSortKey, (r: ClaimRow) => string | number> = {
    document: (r) => title(r),
    claim: (r) => r.claim.toLocaleLowerCase(),
    speaker: (r) => (r.speakers[0] ?? '\uffff').toLocaleLowerCase(),
    layer: (r) => r.layer,
    state: (r) => r.state,
    comments: (r) => r.comments,
  };
  const k = key[f.sort ?? 'document'];
  const dir = f.descending ? -1 : 1;
  return kept
    .map((r, i) => ({ r, i }))
    .sort((x, y) => {
      const a = k(x.r);
      const b = k(y.r);
      const c = a < b ? -1 : a > b ? 1 : 0;
      return c * dir || title(x.r).localeCompare(title(y.r)) || x.r.start - y.r.start || x.i - y.i;
    })
    .map((x) => x.r);
}
