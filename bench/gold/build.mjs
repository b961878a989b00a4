// Builds bench/gold/gold.jsonl from the source articles (bench/gold/source/) and the hand-made
// attributions in spec.json. The texts are read by the CLI's own readers (`convert`), so offsets are
// into the same canonical text the app stores. Run: node bench/gold/build.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', '..', 'bin', 'claimscope.mjs');
const CREATED = '2026-12-05T00:00:00.000Z';
/** The attributions, by hand: each span is its exact text, or [text, context] (see README.md). */
const GOLD = JSON.parse(readFileSync(path.join(here, 'spec.json'), 'utf8'));

function readDocs(file, args) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gold-'));
  try {
    const out = path.join(dir, 'out.jsonl');
    execFileSync(process.execPath, [cli, 'convert', path.join(here, 'source', file), out, '--to', 'jsonl', ...args], { stdio: 'pipe' });
    return readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function occurrences(text, s) {
  const at = [];
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) at.push(i);
  return at;
}

/** The offsets of a span spec: its text alone (once in the document) or [text, context]. */
function locate(text, spec, where) {
  const [s, ctx] = Array.isArray(spec) ? spec : [spec, spec];
  const ctxAt = occurrences(text, ctx);
  if (ctxAt.length !== 1) throw new Error(`${where}: "${ctx}" occurs ${ctxAt.length} times`);
  const inner = occurrences(ctx, s);
  if (inner.length !== 1) throw new Error(`${where}: "${s}" occurs ${inner.length} times in "${ctx}"`);
  const start = ctxAt[0] + inner[0];
  return { start, end: start + s.length };
}

const sources = new Map();
const docFor = (file) => {
  const [name, index] = file.split('#');
  if (!sources.has(name))
    sources.set(name, readDocs(name, name.endsWith('.csv') ? ['--from', 'csv', '--text-column', 'Text'] : ['--from', 'txt']));
  return sources.get(name)[index ? Number(index) - 1 : 0];
};

const lines = [];
GOLD.forEach((entry, d) => {
  const doc = docFor(entry.file);
  const annotations = new Map();
  const relations = [];
  const span = (label, spec, where) => {
    const { start, end } = locate(doc.text, spec, `${entry.file} ${where}`);
    const key = `${label}:${start}:${end}`;
    if (!annotations.has(key)) {
      annotations.set(key, {
        id: `g${d + 1}-${annotations.size + 1}`,
        label,
        layer: 'gold',
        start,
        end,
        ranges: [{ start, end }],
        quote: doc.text.slice(start, end),
        attributes: {},
        note: '',
        origin: 'human',
        createdBy: 'gold',
        createdAt: CREATED,
        updatedBy: 'gold',
        updatedAt: CREATED,
      });
    }
    return annotations.get(key).id;
  };
  const relate = (type, from, to) => {
    if (!relations.some((r) => r.type === type && r.from === from && r.to === to)) {
      relations.push({ id: `g${d + 1}-r${relations.length + 1}`, type, from, to, layer: 'gold', createdBy: 'gold', createdAt: CREATED });
    }
  };
  entry.attributions.forEach((a, i) => {
    const where = `attribution ${i + 1}`;
    const claim = span('Claim', a.claim, where);
    if (a.speaker) relate('said by', claim, span('Speaker', a.speaker, where));
    for (const c of a.cues ?? []) relate('cue', claim, span('Cue', c, where));
    let from = claim;
    for (const s of a.sources ?? []) {
      const id = span('Source', s, where);
      relate('reported by', from, id);
      from = id;
    }
  });
  const { id: _id, ...rest } = doc;
  lines.push(
    JSON.stringify({
      id: `gold-${d + 1}`,
      ...rest,
      annotations: [...annotations.values()].sort((x, y) => x.start - y.start || x.end - y.end),
      relations,
    }),
  );
});
writeFileSync(path.join(here, 'gold.jsonl'), lines.join('\n') + '\n');
console.log(`Wrote bench/gold/gold.jsonl: ${lines.length} documents.`);
