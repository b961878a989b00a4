/**
 * Computes a text's suggestions in a Web Worker (one per call, ended after its reply), so the
 * tagger's model (about 4 MB) loads only there and the window stays responsive.
 */
import type { Suggestions } from '../../../core/suggest/types.ts';

export type SuggestReply = { type: 'done'; suggestions: Suggestions } | { type: 'error'; message: string };

export async function computeSuggestions(text: string): Promise<Suggestions> {
  const worker = new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-suggest' });
  try {
    return await new Promise<Suggestions>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<SuggestReply>) => (e.data.type === 'done' ? resolve(e.data.suggestions) : reject(new Error(e.data.message)));
      worker.onerror = (e) => reject(new Error(e.message || 'The suggestion engine stopped with an error.'));
      worker.postMessage({ text });
    });
  } finally {
    worker.terminate();
  }
}
