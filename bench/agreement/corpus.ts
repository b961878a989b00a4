/**
 * The agreement bench's corpus: ANNOTATORS layers (`annotator-1` …) over DOCUMENTS news-like
 * documents of about 6,000 characters with ANNOTATIONS spans per layer, from a seed. Used by the
 * workload (workload.ts) and by the app's bench hook, which writes it into the app's database.
 */
import type { AgreementDocumentInput, LayerAnnotation } from '../../renderer/core/metrics/report.ts';

function prng(s: number): () => number {
  let x = s >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
const WORDS =
  'the minister said that russia would continue to supply weapons to syria according to reuters officials in moscow denied claims by clinton about helicopters and arms shipments while the state department reported new evidence'.split(
    ' ',
  );
const LABELS = ['Claim', 'Speaker', 'Source', 'Cue'];

/** The documents one after another (the same sequence for the same arguments). */
export function* agreementDocuments(
  annotators: number,
  documents: number,
  annotations: number,
  seed: number,
): Generator<AgreementDocumentInput> {
  const rand = prng(seed);
  const makeText = (): { text: string; words: { start: number; end: number }[] } => {
    let text = '';
    const words: { start: number; end: number }[] = [];
    while (text.length < 6000) {
      const w = WORDS[Math.floor(rand() * WORDS.length)]!;
      if (text) text += rand() < 0.07 ? '.\n\n' : ' ';
      words.push({ start: text.length, end: text.length + w.length });
      text += w;
    }
    return { text, words };
  };
  for (let d = 0; d < documents; d++) {
    const { text, words } = makeText();
    // The shared truth, then each annotator's version of it: mostly the same, some boundaries
    // moved a word, some labels changed, some spans missed and others added.
    const base: LayerAnnotation[] = [];
    for (let i = 0; i < annotations; i++) {
      const w = Math.floor(rand() * (words.length - 8));
      const len = 1 + Math.floor(rand() * 7);
      base.push({
        id: `b${i}`,
        label: LABELS[Math.floor(rand() * LABELS.length)]!,
        ranges: [{ start: words[w]!.start, end: words[w + len]!.end }],
      });
    }
    const layers: AgreementDocumentInput['layers'] = {};
    for (let a = 0; a < annotators; a++) {
      const mine: LayerAnnotation[] = base.map((b, i) => {
        const r = rand();
        const range = b.ranges[0]!;
        if (r < 0.72) return { ...b, id: `a${a}-${i}` };
        if (r < 0.87) {
          const wi = words.findIndex((x) => x.end === range.end);
          const next = words[Math.min(words.length - 1, wi + 1)]!;
          return { id: `a${a}-${i}`, label: b.label, ranges: [{ start: range.start, end: next.end }] };
        }
        if (r < 0.95) return { id: `a${a}-${i}`, label: LABELS[(LABELS.indexOf(b.label) + 1) % LABELS.length]!, ranges: b.ranges };
        const w = Math.floor(rand() * (words.length - 3));
        return {
          id: `a${a}-${i}`,
          label: LABELS[Math.floor(rand() * LABELS.length)]!,
          ranges: [{ start: words[w]!.start, end: words[w + 2]!.end }],
        };
      });
      layers[`annotator-${a + 1}`] = { annotations: mine, relations: [] };
    }
    yield { id: `doc-${d}`, text, layers };
  }
}
