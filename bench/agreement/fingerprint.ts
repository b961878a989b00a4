/**
 * A fingerprint of everything the agreement code produces, so that a change meant to make it faster
 * can be shown to leave every figure bit-identical: the SHA-256 of the report, the disagreement list
 * and both CSV exports, with every number written exactly (`-0`, `NaN` and `Infinity` included),
 * over the bench corpus and over a random corpus that has what the bench corpus lacks (relations,
 * attributes, discontinuous and empty ranges, layers missing from documents, repeated spans).
 * `AGREEMENT_REF=<ref>` runs compare this tree's fingerprint with the ref's.
 */
import { createHash } from 'node:crypto';
import { listDisagreements } from '../../renderer/core/metrics/disagreements.ts';
import { agreementReport, type AgreementDocumentInput, type AgreementInput } from '../../renderer/core/metrics/report.ts';
import { disagreementsToCsv, reportToCsv } from '../../renderer/core/metrics/reportCsv.ts';

const exactNumbers = (_key: string, v: unknown): unknown => (typeof v === 'number' ? (Object.is(v, -0) ? '#-0' : `#${v}`) : v);

/** SHA-256 (hex) of the report, the disagreement list and their CSV exports for `input`. */
export function fingerprint(input: AgreementInput): string {
  const report = agreementReport(input);
  const disagreements = listDisagreements(input);
  const hash = createHash('sha256');
  hash.update(JSON.stringify(report, exactNumbers));
  hash.update(JSON.stringify(disagreements, exactNumbers));
  hash.update(reportToCsv(report, { documentPairs: true }));
  hash.update(disagreementsToCsv(disagreements));
  return hash.digest('hex');
}

/** A random corpus with relations, attributes, discontinuous and empty ranges and missing layers. */
export function mixedCorpus(seed: number, documents = 60): AgreementInput {
  let x = seed >>> 0 || 1;
  const rand = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = ['Lavrov', 'said', 'the', 'weapons', ',', 'Reuters', 'café', '2,000', '—', 'e\u0301', 'denied', 'Moscow'];
  const labels = ['Claim', 'Speaker', 'Source', 'Cue', 'Claim', 'Claim'];
  const layers = ['ann', 'ben', 'cat', 'dan'];
  const docs: AgreementDocumentInput[] = [];
  for (let d = 0; d < documents; d++) {
    const parts: string[] = [];
    const n = 20 + Math.floor(rand() * 120);
    for (let w = 0; w < n; w++) parts.push(pick(words));
    const text = parts.join(rand() < 0.5 ? ' ' : '  ');
    const shared = Array.from({ length: 3 + Math.floor(rand() * 12) }, () => {
      const start = Math.floor(rand() * text.length);
      return { start, end: Math.min(text.length, start + Math.floor(rand() * 40)), label: pick(labels) };
    });
    const entries: [string, AgreementDocumentInput['layers'][string]][] = [];
    for (const layer of layers) {
      if (rand() < 0.15) continue; // missing here
      const annotations = shared.flatMap((s, k) => {
        const r = rand();
        if (r < 0.1) return [];
        const start = r < 0.3 ? Math.max(0, s.start - Math.floor(rand() * 5)) : s.start;
        const end = r > 0.85 ? Math.min(text.length, s.end + Math.floor(rand() * 5)) : s.end;
        const ranges =
          rand() < 0.15 && end - start > 6
            ? [
                { start: start + 4, end },
                { start, end: start + 2 },
              ]
            : rand() < 0.05
              ? [{ start, end: start }]
              : [{ start, end }];
        const label = rand() < 0.1 ? pick(labels) : s.label;
        const attributes =
          rand() < 0.4
            ? { stance: pick(['for', 'against', null]), tags: rand() < 0.5 ? ['b', 'a'] : 'a', certain: rand() < 0.5 }
            : undefined;
        const annotation = { id: `${layer}-${k}`, label, ranges, ...(attributes ? { attributes } : {}) };
        return rand() < 0.05 ? [annotation, { ...annotation, id: `${layer}-${k}-again` }] : [annotation];
      });
      const ids = annotations.map((a) => a.id);
      const relations = ids.flatMap((from) =>
        rand() < 0.3 ? [{ from, to: pick(ids), type: rand() < 0.5 ? 'said by' : rand() < 0.8 ? 'reported by' : 'about' }] : [],
      );
      entries.push([layer, { annotations, relations }]);
    }
    docs.push({ id: `mixed-${d}`, text, layers: Object.fromEntries(entries) });
  }
  return { documents: docs };
}
