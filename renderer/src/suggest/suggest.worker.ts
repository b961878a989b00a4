/**
 * The suggestion worker: runs the attribution engine (renderer/core/suggest) on one text, so the
 * tagger's model loads and runs off the window's thread.
 */
import { gazetteerWith, suggest, type Gazetteer } from '../../core/suggest/index.ts';
import type { SuggestReply, SuggestRequest } from './suggestClient.ts';

// The gazetteer of the last request, kept (with its compiled index) while the list is the same.
let last: { json: string; gazetteer: Gazetteer } | null = null;
const gazetteerFor = (outlets: SuggestRequest['outlets']) => {
  const json = JSON.stringify(outlets ?? null);
  if (last?.json !== json) last = { json, gazetteer: gazetteerWith(outlets) };
  return last.gazetteer;
};

self.onmessage = (event: MessageEvent<SuggestRequest>) => {
  let reply: SuggestReply;
  try {
    reply = { type: 'done', suggestions: suggest(event.data.text, gazetteerFor(event.data.outlets)) };
  } catch (err) {
    reply = { type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply);
};
