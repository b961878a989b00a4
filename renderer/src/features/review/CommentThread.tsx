/** A reviewer comment thread on one annotation: the comments, a reply box, resolve / reopen. */
import { useState, type RefObject } from 'react';
import type { Annotation, DocumentRecord } from '../../../core/model/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { addComment, resolveThread, type CommentThread as Thread } from '../../db/review.ts';

interface Props {
  workspace: Workspace;
  doc: Pick<DocumentRecord, 'id' | 'projectId'>;
  annotation: Pick<Annotation, 'id' | 'label' | 'quote' | 'layer'>;
  thread: Thread | undefined;
  author: string;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}

export function CommentThread({ workspace, doc, annotation, thread, author, inputRef }: Props) {
  const [draft, setDraft] = useState('');
  const send = async () => {
    if (!draft.trim()) return;
    // If it fails, the status line says why and the draft stays.
    const saved = await workspace.commit(`Comment on ${annotation.label}`, () =>
      addComment(workspace.db, doc, annotation.id, author, draft),
    );
    if (saved) setDraft('');
  };
  const toggleResolved = (resolved: boolean) =>
    void workspace.commit(resolved ? 'Resolve thread' : 'Reopen thread', () =>
      resolveThread(workspace.db, annotation.id, author, resolved),
    );
  const label = `Comments on ${annotation.label} “${annotation.quote}” (${annotation.layer})`;
  return (
    <section className={`comment-thread${thread?.resolved ? ' resolved' : ''}`} aria-label={label}>
      <h3>
        Comments {thread && <span className="count">{thread.comments.length}</span>}
        {thread?.resolved && <span className="review-state review-accepted"> resolved by {thread.resolvedBy}</span>}
      </h3>
      {thread && (
        <ol className="comments">
          {thread.comments.map((c) => (
            <li key={c.id}>
              <strong>{c.author}</strong> <time dateTime={c.createdAt}>{c.createdAt.slice(0, 16).replace('T', ' ')}</time>
              <p>{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      <textarea
        ref={inputRef}
        rows={2}
        aria-label={`Add a comment on ${annotation.label} “${annotation.quote}”`}
        placeholder="Add a comment… (Ctrl+Enter sends)"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          } else if (e.key === 'Escape') {
            (e.target as HTMLElement).blur();
          }
        }}
      />
      <div className="thread-actions">
        <button type="button" onClick={() => void send()} disabled={!draft.trim()}>
          Comment
        </button>
        {thread && (
          <button type="button" onClick={() => toggleResolved(!thread.resolved)}>
            {thread.resolved ? 'Reopen thread' : 'Resolve thread'}
          </button>
        )}
      </div>
    </section>
  );
}
