/**
 * The suggestion worker: runs the attribution engine (renderer/core/suggest) on one text, so the
 * tagger's model loads and runs off the window's thread.
 */
import { suggest } from '../../core/suggest/index.ts';
import type { SuggestReply } from './suggestClient.ts';

self.onmessage = (event: MessageEvent<{ text: string }>) => {
  let reply: SuggestReply;
  try {
    reply = { type: 'done', suggestions: suggest(event.data.text) };
  } catch (err) {
    reply = { type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply);
};
