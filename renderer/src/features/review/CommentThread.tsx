/** A reviewer comment thread on one annotation: the comments, a reply box, resolve / reopen. */
import { useState, type RefObject } from 'react';
import type { Annotation, DocumentRecord } from '../../../core/model/types.ts';
import type { AppDb } from '../../db/db.ts';
import { addComment, resolveThread, type CommentThread as Thread } from '../../db/review.ts';

interface Props {
  db: AppDb;
  doc: Pick<DocumentRecord, 'id' | 'projectId'>;
  annotation: Pick<Annotation, 'id' | 'label' | 'quote' | 'layer'>;
  thread: Thread | undefined;
  author: string;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  onNotice(text: string): void;
}

export function CommentThread({ db, doc, annotation, thread, author, inputRef, onNotice }: Props) {
  const [draft, setDraft] = useState('');
  const send = async () => {
    if (!draft.trim()) return;
    try {
      await addComment(db, doc, annotation.id, author, draft);
      setDraft('');
    } catch (err) {
      onNotice(`Comment not saved: ${(err as Error).message}`);
    }
  };
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
          <button type="button" onClick={() => void resolveThread(db, annotation.id, author, !thread.resolved)}>
            {thread.resolved ? 'Reopen thread' : 'Resolve thread'}
          </button>
        )}
      </div>
    </section>
  );
}
