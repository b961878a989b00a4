/**
 * Computes suggestions in a Web Worker, so the tagger's model (about 4 MB) loads only there and
 * the window stays responsive. One engine can serve many texts (a corpus run); close() ends it.
 */
import type { Suggestions } from '../../core/suggest/types.ts';

export type SuggestReply = { type: 'done'; suggestions: Suggestions } | { type: 'error'; message: string };

export interface SuggestEngine {
  compute(text: string): Promise<Suggestions>;
  close(): void;
}

export function openSuggestEngine(): SuggestEngine {
  const worker = new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-suggest' });
  // One text at a time: each call waits for the one before.
  let queue: Promise<unknown> = Promise.resolve();
  const one = (text: string) =>
    new Promise<Suggestions>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<SuggestReply>) => (e.data.type === 'done' ? resolve(e.data.suggestions) : reject(new Error(e.data.message)));
      worker.onerror = (e) => reject(new Error(e.message || 'The suggestion engine stopped with an error.'));
      worker.postMessage({ text });
    });
  return {
    compute(text) {
      const next = queue.then(() => one(text), () => one(text));
      queue = next.catch(() => undefined);
      return next;
    },
    close: () => worker.terminate(),
  };
}

/** The suggestions for one text, in a worker of its own. */
export async function computeSuggestions(text: string): Promise<Suggestions> {
  const engine = openSuggestEngine();
  try {
    return await engine.compute(text);
  } finally {
    engine.close();
  }
}
