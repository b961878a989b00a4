// A generated team project written straight to a CouchDB-compatible server in Claimscope's
// document model (renderer/src/sync/mapping.ts): the project (default schema), and per article
// its text (once, under its hash), its document and its annotations. For the sync benchmark.
// `post(path, body)` sends one admin request.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const WORDS = ['minister', 'said', 'Reuters', 'reported', 'arms', 'government', 'rebels', 'claims', 'Wednesday', 'officials'];

export async function seedProject(post, database, { documents, annotations }) {
  const at = '2026-12-05T00:00:00.000Z';
  const schema = JSON.parse(readFileSync(new URL('../seeds/default-schema.json', import.meta.url), 'utf8'));
  let docs = [{ _id: 'project', type: 'project', record: { name: 'Generated project', schema, createdAt: at, updatedAt: at } }];
  for (let d = 0; d < documents; d++) {
    let text = `Article ${d}.\n\n`;
    while (text.length < 3000) text += `${WORDS[(text.length * 7 + d) % WORDS.length]} `;
    const hash = createHash('sha256').update(text).digest('hex');
    docs.push({ _id: `text:${hash}`, type: 'text', text });
    docs.push({
      _id: `document:d${d}`,
      type: 'document',
      record: {
        id: `d${d}`,
        title: `Article ${d}`,
        blocks: [{ kind: 'paragraph', start: 0, end: text.length }],
        metadata: {},
        textHash: hash,
        createdAt: at,
        updatedAt: at,
      },
    });
    for (let a = 0; a < annotations; a++) {
      const start = 20 + a * 100;
      docs.push({
        _id: `annotation:d${d}a${a}`,
        type: 'annotation',
        record: {
          id: `d${d}a${a}`,
          documentId: `d${d}`,
          layer: a % 2 ? 'alice' : 'carol',
          label: 'Claim',
          ranges: [{ start, end: start + 30 }],
          quote: text.slice(start, start + 30),
          attributes: {},
          note: '',
          origin: 'human',
          createdBy: 'alice',
          createdAt: at,
          updatedBy: 'alice',
          updatedAt: at,
        },
      });
    }
    if (docs.length >= 2000) {
      await post(`/${database}/_bulk_docs`, { docs });
      docs = [];
    }
  }
  if (docs.length) await post(`/${database}/_bulk_docs`, { docs });
}
