/**
 * Computes suggestions in a Web Worker, so the tagger's model (about 4 MB) loads only there and
 * the window stays responsive. One engine can serve many texts (a corpus run); close() ends it.
 */
import type { OutletDef } from '../../core/model/types.ts';
import type { Suggestions } from '../../core/suggest/types.ts';
import { openWorkerService } from '../platform/workerJob.ts';

/** What the worker is asked: a text, and the project's own outlets (absent = the shipped gazetteer). */
export interface SuggestRequest {
  text: string;
  outlets?: OutletDef[];
}

/** Computes suggestions for a text with a project's outlets (a worker in the app, the engine in tests). */
export type ComputeSuggestions = (text: string, outlets?: OutletDef[]) => Promise<Suggestions>;

export type SuggestReply = { type: 'done'; suggestions: Suggestions } | { type: 'error'; message: string };

export interface SuggestEngine {
  compute: ComputeSuggestions;
  close(): void;
}

export function openSuggestEngine(): SuggestEngine {
  const service = openWorkerService<SuggestRequest, Suggestions, SuggestReply>({
    createWorker: () => new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-suggest' }),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.suggestions } : null),
    failure: 'The suggestion engine stopped with an error.',
  });
  return {
    compute: (text, outlets) => service.request({ text, ...(outlets && { outlets }) }),
    close: () => service.close(),
  };
}

/** The suggestions for one text, in a worker of its own. */
export const computeSuggestions: ComputeSuggestions = async (text, outlets) => {
  const engine = openSuggestEngine();
  try {
    return await engine.compute(text, outlets);
  } finally {
    engine.close();
  }
};
