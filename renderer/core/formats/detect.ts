/**
 * Which format a file is in, from its name and its first bytes (4 KB are plenty). The extension
 * decides where it is unambiguous (`.zip`, `.pdf`, and those the format readers declare in the
 * registry: `.md`, `.html`, `.ann`, `.conll`, `.csv` …); the content
 * decides the rest: a `.json`/`.jsonl` file's keys tell Claimscope's own JSONL, doccano, spaCy,
 * Label Studio and W3C Web Annotation apart; a `.txt`/`.tsv` that holds CoNLL token lines is CoNLL;
 * a PDF, HTML page or zip archive is recognised by its signature whatever its name.
 */
import { baseNameOf, extensionOf } from './paths.ts';
import { kindOfExtension } from './registry.ts';

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

export function detectFormat(fileName: string, firstBytes: Uint8Array): ImportFormat {
  const ext = extensionOf(fileName);
  const head = latin1(firstBytes.subarray(0, SNIFF));
  const text = stripBomText(head);
  const lead = text.trimStart();
  if (head.startsWith('PK\u0003\u0004') || ext === 'zip') return 'archive';
  if (head.slice(0, 1024).includes('%PDF-') || ext === 'pdf') return 'pdf';
  if (baseNameOf(fileName).toLowerCase() === 'annotation.conf') return 'brat-conf';
  const declared = kindOfExtension(ext);
  if (declared) return declared;
  if (ext === 'jsonl' || ext === 'ndjson') return jsonlKind(firstLine(lead));
  if (ext === 'json' || ext === 'jsonld') return jsonKind(lead);
  if (ext === 'tsv' || ext === 'tab') return looksLikeConll(text) ? 'conll' : 'tsv';
  if (/^<(!doctype html|html[\s>]|head[\s>]|body[\s>])/i.test(lead)) return 'html';
  if (ext === 'txt' || ext === 'text' || ext === '') {
    if (looksLikeConll(text)) return 'conll';
    if (ext === '' && (lead.startsWith('{') || lead.startsWith('[')))
      return lead.startsWith('[') ? jsonKind(lead) : jsonlKind(firstLine(lead));
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
  const lines = text
    .split(/\r?\n/)
    .slice(0, 40)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 3) return false;
  const tagged = lines.filter((l) => /^\S+([ \t]+\S+)*[ \t]+(O|[BIELUS]-\S+)$/.test(l.trim()) && l.trim().split(/[ \t]+/).length <= 6);
  return tagged.length >= lines.length * 0.9;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return !(bytes[0] === 0xff || bytes[0] === 0xfe);
  return false;
}
