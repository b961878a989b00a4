import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../renderer/core/formats/archive.ts';
import { parseBrat } from '../renderer/core/formats/brat.ts';
import { parseJsonl } from '../renderer/core/formats/native-jsonl.ts';
import type { ImportedDocument } from '../renderer/core/formats/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCHER = path.join(ROOT, 'bin', 'claimscope.mjs');
let dir: string;

/** Runs the real command (the launcher and the built bundle) in plain Node, as `npx claimscope` does. */
function claimscope(...args: string[]) {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TEXT = 'Lavrov 👍🏽 said Russia was “not violating” any law, Reuters reported.\nClinton disagreed 🇸🇾.';
const cp = (s: string) => Array.from(s).length;
const cpOf = (s: string) => {
  const i = TEXT.indexOf(s);
  return `${cp(TEXT.slice(0, i))} ${cp(TEXT.slice(0, i + s.length))}`;
};

function bratFolder(name: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'lavrov.txt'), TEXT);
  writeFileSync(
    path.join(folder, 'lavrov.ann'),
    [
      `T1\tSpeaker ${cpOf('Lavrov')}\tLavrov`,
      `T2\tClaim ${cpOf('Russia was')};${cpOf('any law')}\tRussia was any law`,
      `T3\tSource ${cpOf('Reuters')}\tReuters`,
      `T4\tSpeaker ${cpOf('Clinton')}\tClinton`,
      `R1\tsaid_by Arg1:T2 Arg2:T1`,
      `R2\treported_by Arg1:T2 Arg2:T3`,
      `A1\tstance T2 denies`,
      `A2\thedged T2`,
      `#1\tAnnotatorNotes T2\tparaphrase of the minister`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(folder, 'empty.txt'), 'No annotations here.\n');
  return folder;
}

/** Annotations and relations of a brat folder, by position and label (ids aside). */
function bratContent(folder: string) {
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(folder)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const annPath = path.join(folder, f.replace(/\.txt$/, '.ann'));
    const r = parseBrat(
      { name: f, content: readFileSync(path.join(folder, f), 'utf8') },
      existsSync(annPath) ? { name: annPath, content: readFileSync(annPath, 'utf8') } : null,
    );
    if (!r.ok) throw new Error(r.error.message);
    out[r.value.text] = summary(r.value);
  }
  return out;
}

function summary(doc: ImportedDocument) {
  const key = new Map(doc.annotations.map((a) => [a.key, `${a.label}@${a.ranges.map((x) => `${x.start}-${x.end}`).join(',')}`]));
  return {
    annotations: doc.annotations
      .map((a) => ({ at: key.get(a.key), attributes: a.attributes, note: a.note }))
      .sort((x, y) => x.at!.localeCompare(y.at!)),
    relations: doc.relations.map((r) => `${key.get(r.from)} ${r.type} ${key.get(r.to)}`).sort(),
  };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'claimscope-cli-'));
  // The first run builds the bundle when it is missing or stale.
  expect(claimscope('--version').code).toBe(0);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('claimscope --help', { timeout: 60_000 }, () => {
  it('documents the subcommands, formats and options', () => {
    const top = claimscope('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: claimscope \[options\] \[command\]/);
    expect(top.stdout).toMatch(/convert \[options\] <input> <output>/);
    const convert = claimscope('convert', '--help');
    expect(convert.code).toBe(0);
    for (const f of ['jsonl', 'archive', 'csv', 'brat', 'conll', 'doccano', 'labelstudio', 'w3c', 'spacy', 'txt', 'md', 'html', 'pdf']) {
      expect(convert.stdout).toMatch(new RegExp(`^  ${f} +\\S`, 'm'));
    }
    for (const o of ['--from <format>', '--to <format>', '--text-column <name>', '--layer <name>', '--scheme <scheme>'])
      expect(convert.stdout).toContain(o);
  });
});

describe('claimscope convert', { timeout: 60_000 }, () => {
  it('brat folder → jsonl → brat gives the same annotations (code point offsets after emoji)', () => {
    const input = bratFolder('in');
    const toJsonl = claimscope('convert', 'in', 'corpus.jsonl', '--from', 'brat', '--to', 'jsonl');
    expect(toJsonl.stderr).toContain('Wrote corpus.jsonl (jsonl): 2 documents, 4 annotations, 2 relations.');
    expect(toJsonl.code).toBe(0);
    const jsonl = parseJsonl('corpus.jsonl', readFileSync(path.join(dir, 'corpus.jsonl'), 'utf8'));
    expect(jsonl.ok).toBe(true);
    if (jsonl.ok) {
      const lavrov = jsonl.value.find((d) => d.text === TEXT)!;
      const speaker = lavrov.annotations.find(
        (a) => a.label === 'Speaker' && TEXT.slice(a.ranges[0]!.start, a.ranges[0]!.end) === 'Lavrov',
      );
      expect(speaker).toBeDefined();
      expect(lavrov.annotations.find((a) => a.label === 'Claim')!.attributes).toEqual({ stance: 'denies', hedged: true });
    }
    const back = claimscope('convert', 'corpus.jsonl', 'out', '--from', 'jsonl', '--to', 'brat');
    expect(back.code).toBe(0);
    expect(bratContent(path.join(dir, 'out'))).toEqual(bratContent(input));
    expect(readdirSync(path.join(dir, 'out'))).toContain('annotation.conf');
  });

  it('says what the output format left out, counted as it was written, as the export dialog does', () => {
    bratFolder('lossy');
    const r = claimscope('convert', 'lossy', 'lossy.conll', '--from', 'brat', '--to', 'conll');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('What CoNLL (BIO) left out:\n- ');
    expect(r.stderr).toContain('- CoNLL has no relations: 2 relations will be left out.');
    const quiet = claimscope('convert', 'lossy', 'quiet.conll', '--from', 'brat', '--to', 'conll', '--quiet');
    expect(quiet.stderr).toBe('');
  });

  it('writes a brat folder of more documents than a page a page at a time: every file, names unique across pages, the loss counted over all', () => {
    const lines = Array.from({ length: 450 }, (_, i) =>
      JSON.stringify({
        title: 'Report',
        text: `Lavrov said Russia was right (${i}).`,
        metadata: { n: i },
        annotations: [
          { label: 'Speaker', layer: 'gold', start: 0, end: 6 },
          { label: 'Claim', layer: 'gold', start: 12, end: 28, note: i % 2 ? 'check' : '' },
        ],
      }),
    );
    writeFileSync(path.join(dir, 'many.jsonl'), `${lines.join('\n')}\n`);
    const r = claimscope('convert', 'many.jsonl', 'many', '--from', 'jsonl', '--to', 'brat');
    expect(r.code).toBe(0);
    const files = readdirSync(path.join(dir, 'many')).sort();
    expect(files).toHaveLength(2 * 450 + 2);
    expect(files).toContain('Report-450.ann');
    expect(readFileSync(path.join(dir, 'many', 'Report-450.txt'), 'utf8')).toBe('Lavrov said Russia was right (449).');
    expect(readFileSync(path.join(dir, 'many', 'Report-450.ann'), 'utf8')).toBe(
      'T1\tSpeaker 0 6\tLavrov\nT2\tClaim 12 28\tRussia was right\n#1\tAnnotatorNotes T2\tcheck\n',
    );
    expect(readFileSync(path.join(dir, 'many', 'annotation.conf'), 'utf8')).toMatch(/\[entities\]\n(.*\n)*Claim\n/);
    expect(r.stderr).toContain('brat has no document metadata: 450 metadata fields on 450 documents will be left out');
  });

  it("reads brat's own example corpora: TDT's [spans] configuration, and a corpus whose configuration cannot be read", () => {
    const examples = path.join(ROOT, 'renderer/core/formats/fixtures/brat-examples');
    const tdt = claimscope('convert', path.join(examples, 'tdt'), 'tdt.jsonl', '--from', 'brat', '--to', 'jsonl');
    expect(tdt.stderr).toContain('Wrote tdt.jsonl (jsonl): 1 documents, 8 annotations, 6 relations.');
    expect(tdt.stderr).not.toContain('warning');
    expect(tdt.code).toBe(0);
    const broken = path.join(dir, 'broken-conf');
    mkdirSync(broken);
    for (const ext of ['txt', 'ann']) {
      const name = `portuguese_bosque_train.conll-doc-12.${ext}`;
      writeFileSync(path.join(broken, name), readFileSync(path.join(examples, 'conll-st-2006', name)));
    }
    writeFileSync(path.join(broken, 'annotation.conf'), '[entities]\n  Indented-without-parent\n');
    const r = claimscope('convert', 'broken-conf', 'broken.jsonl', '--from', 'brat', '--to', 'jsonl');
    expect(r.stderr).toMatch(
      /annotation\.conf:2: .*indented.* The configuration is not used: the documents are imported with the entity, relation and attribute types their \.ann files use\./,
    );
    expect(r.stderr).toContain('1 documents, 111 annotations, 101 relations');
    expect(r.code).toBe(0);
  });

  it('--layer names the layer of what is read; archive and other formats round-trip the annotations', () => {
    bratFolder('layered');
    expect(claimscope('convert', 'layered', 'anna.jsonl', '--from', 'brat', '--to', 'jsonl', '--layer', 'anna').code).toBe(0);
    const lines = readFileSync(path.join(dir, 'anna.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(new Set(lines.flatMap((l) => l.annotations.map((a: { layer: string }) => a.layer)))).toEqual(new Set(['anna']));
    expect(claimscope('convert', 'anna.jsonl', 'anna.zip', '--from', 'jsonl', '--to', 'archive').code).toBe(0);
    const archive = readArchive('anna.zip', new Uint8Array(readFileSync(path.join(dir, 'anna.zip'))));
    expect(archive.ok && archive.value.manifest.counts).toMatchObject({ documents: 2, annotations: 4, relations: 2 });
    expect(claimscope('convert', 'anna.zip', 'again.jsonl', '--from', 'archive', '--to', 'jsonl').code).toBe(0);
    expect(readFileSync(path.join(dir, 'again.jsonl'), 'utf8')).toBe(readFileSync(path.join(dir, 'anna.jsonl'), 'utf8'));
    for (const [to, file] of [
      ['doccano', 'd.jsonl'],
      ['labelstudio', 'ls.json'],
      ['w3c', 'w.jsonld'],
      ['spacy', 's.jsonl'],
      ['csv', 'claims.csv'],
      ['conll', 'x.conll'],
    ] as const) {
      const r = claimscope('convert', 'anna.jsonl', file, '--from', 'jsonl', '--to', to);
      expect(r.code, `${to}: ${r.stderr}`).toBe(0);
      if (to !== 'csv' && to !== 'conll')
        expect(claimscope('convert', file, `${file}.back.jsonl`, '--from', to, '--to', 'jsonl').code).toBe(0);
    }
    expect(readFileSync(path.join(dir, 'x.conll'), 'utf8')).toContain('Reuters\tB-Source');
    expect(readFileSync(path.join(dir, 'claims.csv'), 'utf8')).toContain('Russia was … any law');
    // Thirteen runs of the real command, each a fresh Node process: a budget for a loaded machine.
  }, 240_000);

  it('reads plain text, Markdown and CSV (with --text-column)', () => {
    writeFileSync(path.join(dir, 'a.txt'), 'Headline here\n\nBody text of the article.\n');
    expect(claimscope('convert', 'a.txt', 'a.jsonl', '--from', 'txt', '--to', 'jsonl').code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'a.jsonl'), 'utf8')).text).toBe('Headline here\n\nBody text of the article.\n');
    writeFileSync(path.join(dir, 'a.md'), '# Title\n\nSome *body* text.\n');
    expect(claimscope('convert', 'a.md', 'md.jsonl', '--from', 'md', '--to', 'jsonl').code).toBe(0);
    writeFileSync(path.join(dir, 't.csv'), 'id,body\n1,First article text.\n2,"Second, with a comma."\n');
    expect(claimscope('convert', 't.csv', 't.jsonl', '--from', 'csv', '--to', 'jsonl', '--text-column', 'body').code).toBe(0);
    expect(
      readFileSync(path.join(dir, 't.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).text),
    ).toEqual(['First article text.', 'Second, with a comma.']);
  });

  it('errors name the file and the problem, exit non-zero, and write nothing', () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'doc.txt'), 'Short text.');
    writeFileSync(path.join(bad, 'doc.ann'), 'T1\tClaim 0 5\tShort\nT2\tClaim 3 99\tnothing\n');
    const before = readdirSync(dir).sort();
    const r = claimscope('convert', 'bad', 'never', '--from', 'brat', '--to', 'jsonl');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/claimscope: error: bad\/doc\.ann:2: T2: the fragment 3–99 ends past the end of bad\/doc\.txt/);
    expect(readdirSync(dir).sort()).toEqual(before);

    // An existing output is left as it was when the input is bad.
    writeFileSync(path.join(dir, 'keep.jsonl'), 'keep me');
    writeFileSync(path.join(dir, 'broken.jsonl'), '{"text": "x"}\n{oops\n');
    const broken = claimscope('convert', 'broken.jsonl', 'keep.jsonl', '--from', 'jsonl', '--to', 'jsonl');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.jsonl:2: Line 2 is not valid JSON/);
    expect(readFileSync(path.join(dir, 'keep.jsonl'), 'utf8')).toBe('keep me');

    const noColumn = claimscope('convert', 't.csv', 'z.jsonl', '--from', 'csv', '--to', 'jsonl');
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain('t.csv: reading CSV needs --text-column NAME');
    expect(claimscope('convert', 'missing.jsonl', 'z.jsonl', '--from', 'jsonl', '--to', 'jsonl').stderr).toContain(
      'missing.jsonl: no such file.',
    );
    const badFormat = claimscope('convert', 'anna.jsonl', 'z.pdf', '--from', 'jsonl', '--to', 'pdf');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/argument 'pdf' is invalid/);
    const full = claimscope('convert', 'anna.jsonl', 'out', '--from', 'jsonl', '--to', 'brat');
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('out: the folder exists and holds a brat export. Choose a new folder, or pass --force');
    expect(existsSync(path.join(dir, 'z.jsonl'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('--force replaces a previous brat export, keeps the folder mode, and never deletes unrelated files', () => {
    expect(claimscope('convert', 'anna.jsonl', 'again-out', '--from', 'jsonl', '--to', 'brat').code).toBe(0);
    const out = path.join(dir, 'again-out');
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~process.umask());
    chmodSync(out, 0o750);
    const replaced = claimscope('convert', 'anna.jsonl', 'again-out', '--from', 'jsonl', '--to', 'brat', '--force');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o750);

    const mine = path.join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'thesis.docx'), 'my thesis');
    writeFileSync(path.join(mine, 'notes.txt'), 'my notes');
    const refused = claimscope('convert', 'anna.jsonl', 'mine', '--from', 'jsonl', '--to', 'brat', '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'mine: the folder holds files that are not a brat export (notes.txt, thesis.docx); nothing was replaced.',
    );
    expect(readdirSync(mine).sort()).toEqual(['notes.txt', 'thesis.docx']);
    expect(readFileSync(path.join(mine, 'thesis.docx'), 'utf8')).toBe('my thesis');

    // A previous export with one of the user's files added is not replaced either.
    writeFileSync(path.join(out, 'keep.pdf'), 'mine');
    expect(claimscope('convert', 'anna.jsonl', 'again-out', '--from', 'jsonl', '--to', 'brat', '--force').stderr).toContain('(keep.pdf)');
    expect(readFileSync(path.join(out, 'keep.pdf'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it("keeps only the input file's name in exported metadata, not the folders above it", () => {
    const home = path.join(dir, 'home', 'alice', 'articles');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, 'report.txt'), 'Headline\n\nBody text.\n');
    expect(claimscope('convert', path.join(home, 'report.txt'), 'report.jsonl', '--from', 'txt', '--to', 'jsonl').code).toBe(0);
    const line = readFileSync(path.join(dir, 'report.jsonl'), 'utf8');
    expect(JSON.parse(line).metadata.fileName).toBe('report.txt');
    expect(line).not.toContain('alice');
    expect(claimscope('convert', path.join(home, 'report.txt'), 'report.zip', '--from', 'txt', '--to', 'archive').code).toBe(0);
    const archive = readArchive('report.zip', new Uint8Array(readFileSync(path.join(dir, 'report.zip'))));
    expect(JSON.stringify(archive.ok && archive.value.tables)).not.toContain('alice');
  });

  it('refuses a 500 MB text at once, naming the file and the limit', () => {
    const big = path.join(dir, 'huge.txt');
    // A sparse file: 500 MB by its size, nothing on disk.
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 500 * 1024 * 1024);
    closeSync(fd);
    const r = claimscope('convert', 'huge.txt', 'huge.jsonl', '--from', 'txt', '--to', 'jsonl');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('claimscope: error: huge.txt is 500 MB; Claimscope opens document files up to 200 MB.');
    expect(existsSync(path.join(dir, 'huge.jsonl'))).toBe(false);
  });
});

describe('claimscope suggest', { timeout: 60_000 }, () => {
  const ARTICLE =
    'Arms sales\n\n"We are not violating any international law," Lavrov said, according to Reuters.\n\nHe said that the rebels were being armed.\n';

  it('writes the suggestions layer with its links, the rule in each note, and keeps the input annotations', () => {
    writeFileSync(path.join(dir, 'article.txt'), ARTICLE);
    const r = claimscope('suggest', 'article.txt', 'suggested.jsonl');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Wrote suggested\.jsonl \(jsonl\): 1 documents, \d+ annotations, \d+ relations\./);
    const doc = parseJsonl('suggested.jsonl', readFileSync(path.join(dir, 'suggested.jsonl'), 'utf8'));
    if (!doc.ok) throw new Error(doc.error.message);
    const d = doc.value[0]!;
    expect(new Set(d.annotations.map((a) => a.layer))).toEqual(new Set(['suggestions']));
    const quote = (key: string) => {
      const a = d.annotations.find((x) => x.key === key)!;
      return d.text.slice(a.ranges[0]!.start, a.ranges[0]!.end);
    };
    const links = d.relations.map((l) => `${quote(l.from)} | ${l.type} | ${quote(l.to)}`);
    expect(links).toContain('We are not violating any international law | said by | Lavrov');
    expect(links).toContain('We are not violating any international law | reported by | Reuters');
    expect(links).toContain('the rebels were being armed | said by | He');
    expect(d.annotations.find((a) => quote(a.key) === 'We are not violating any international law')!.note).toBe(
      'Suggested by rule claim-quote-before-cue',
    );

    // Into any export format; the input's own annotations stay beside the suggestions.
    const at = ARTICLE.indexOf('Lavrov');
    writeFileSync(
      path.join(dir, 'annotated.jsonl'),
      JSON.stringify({ text: ARTICLE, annotations: [{ id: 'a1', label: 'Speaker', layer: 'anna', start: at, end: at + 6 }] }) + '\n',
    );
    expect(claimscope('suggest', 'annotated.jsonl', 'annotated-suggested.jsonl', '--from', 'jsonl').code).toBe(0);
    const layers = readFileSync(path.join(dir, 'annotated-suggested.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((l) => JSON.parse(l).annotations.map((a: { layer: string }) => a.layer));
    expect(new Set(layers)).toEqual(new Set(['anna', 'suggestions']));
    const csv = claimscope('suggest', 'article.txt', 'claims.csv', '--to', 'csv');
    expect(csv.code).toBe(0);
    expect(readFileSync(path.join(dir, 'claims.csv'), 'utf8')).toContain('We are not violating any international law');
  });

  it('names the file when the input is missing or unreadable, and writes nothing', () => {
    const missing = claimscope('suggest', 'nothing.txt', 'never.jsonl');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nothing.txt: no such file or folder.');
    expect(existsSync(path.join(dir, 'never.jsonl'))).toBe(false);
  });
});
