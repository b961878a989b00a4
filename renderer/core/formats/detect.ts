/**
 * Which format a file is in, from its name and its first bytes (4 KB are plenty). The extension
 * decides where it is unambiguous (`.pdf`, `.md`, `.html`, `.ann`, `.conll`, `.zip`); the content
 * decides the rest: a `.json`/`.jsonl` file's keys tell Claimscope's own JSONL, doccano, spaCy,
 * Label Studio and W3C Web Annotation apart; a `.txt`/`.tsv` that holds CoNLL token lines is CoNLL;
 * a PDF, HTML page or zip archive is recognised by its signature whatever its name.
 */
export type ImportFormat =
  | 'txt'
  | 'md'
  | 'html'
  | 'pdf'
  | 'csv'
  | 'tsv'
  /** Claimscope's own JSON Lines. */
  | 'jsonl'
  | 'doccano'
  | 'spacy'
  | 'labelstudio'
  | 'w3c'
  /** Generic JSON (an array of records with a text field): read as Label Studio's flat tasks. */
  | 'json'
  /** A brat `.ann` file (its `.txt` is paired with it on import). */
  | 'brat'
  | 'brat-conf'
  | 'conll'
  | 'archive'
  | 'unknown';


const SNIFF = 4096;

export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The name without its extension: `news/a.ann` → `news/a`. */
export function stemOf(fileName: string): string {
  return fileName.replace(/\.[^./\\]*$/, '');
}

export function baseNameOf(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

export function detectFormat(fileName: string, firstBytes: Uint8Array): ImportFormat {
  const ext = extensionOf(fileName);
  const head = latin1(firstBytes.subarray(0, SNIFF));
  const text = stripBomText(head);
  const lead = text.trimStart();
  if (head.startsWith('PK\u0003\u0004') || ext === 'zip') return 'archive';
  if (head.slice(0, 1024).includes('%PDF-') || ext === 'pdf') return 'pdf';
  if (baseNameOf(fileName).toLowerCase() === 'annotation.conf') return 'brat-conf';
  if (ext === 'ann') return 'brat';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (['conll', 'conllu', 'bio', 'iob', 'iob2', 'bilou'].includes(ext)) return 'conll';
  if (ext === 'jsonl' || ext === 'ndjson') return jsonlKind(firstLine(lead));
  if (ext === 'json' || ext === 'jsonld') return jsonKind(lead);
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return looksLikeConll(text) ? 'conll' : 'tsv';
  if (/^<(!doctype html|html[\s>]|head[\s>]|body[\s>])/i.test(lead)) return 'html';
  if (ext === 'txt' || ext === 'text' || ext === '') {
    if (looksLikeConll(text)) return 'conll';
    if (ext === '' && (lead.startsWith('{') || lead.startsWith('['))) return lead.startsWith('[') ? jsonKind(lead) : jsonlKind(firstLine(lead));
    return looksBinary(firstBytes) ? 'unknown' : 'txt';
  }
  return 'unknown';
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function stripBomText(s: string): string {
  return s.startsWith('\u00ef\u00bb\u00bf') ? s.slice(3) : s;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}

const has = (s: string, key: string) => new RegExp(`"${key}"\\s*:`).test(s);

function jsonlKind(line: string): ImportFormat {
  if (has(line, '@context') || /"type"\s*:\s*"Annotation"/.test(line)) return 'w3c';
  if (has(line, 'textHash') || (has(line, 'annotations') && (has(line, 'blocks') || has(line, 'ranges')))) return 'jsonl';
  if (has(line, 'data') && (has(line, 'annotations') || has(line, 'predictions') || /^\{\s*"data"/.test(line))) return 'labelstudio';
  if (has(line, 'spans')) return 'spacy';
  return 'doccano';
}

function jsonKind(lead: string): ImportFormat {
  if (has(lead, '@context') || /"type"\s*:\s*"(Annotation|AnnotationCollection|AnnotationPage)"/.test(lead)) return 'w3c';
  if (has(lead, 'data') || has(lead, 'predictions') || has(lead, 'completions')) return 'labelstudio';
  if (lead.startsWith('{') && lead.includes('\n{')) return jsonlKind(firstLine(lead));
  return 'json';
}

/** Token-per-line files whose last column is a BIO/BILOU tag, or that start with -DOCSTART-. */
function looksLikeConll(text: string): boolean {
  if (/^\s*-DOCSTART-/.test(text)) return true;
  const lines = text.split(/\r?\n/).slice(0, 40).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 3) return false;
  const tagged = lines.filter((l) => /^\S+([ \t]+\S+)*[ \t]+(O|[BIELUS]-\S+)$/.test(l.trim()) && l.trim().split(/[ \t]+/).length <= 6);
  return tagged.length >= lines.length * 0.9;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return !(bytes[0] === 0xff || bytes[0] === 0xfe);
  return false;
}
