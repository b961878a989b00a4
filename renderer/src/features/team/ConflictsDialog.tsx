/**
 * Conflicts are never resolved silently: two people changed the same gold annotation or the
 * schema while apart. Each version is shown (who, when, what); someone picks one, and every
 * replica converges to it.
 */
import { useEffect, useState } from 'react';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import type { SyncEngine } from '../../sync/engine.ts';
import type { CouchDoc } from '../../sync/mapping.ts';

interface Props {
  open: boolean;
  onClose(): void;
  engine: SyncEngine;
  ids: string[];
  onNotice(text: string): void;
}

type Version = CouchDoc & { _rev: string };

/** One line saying what a version holds. */
export function describeVersion(v: Version): string {
  const r = (v.record ?? {}) as Record<string, unknown>;
  const by = String(r.updatedBy ?? r.by ?? r.author ?? '');
  const at = String(r.updatedAt ?? r.at ?? r.createdAt ?? '');
  const when = at ? ` on ${at.slice(0, 16).replace('T', ' ')}` : '';
  if (v.type === 'annotation') {
    const attrs = Object.entries((r.attributes ?? {}) as Record<string, unknown>).map(([k, x]) => `${k}: ${JSON.stringify(x)}`);
    return `${String(r.label)} “${String(r.quote)}”${attrs.length ? ` (${attrs.join(', ')})` : ''}${r.note ? `, note “${String(r.note)}”` : ''} — by ${by}${when}`;
  }
  if (v.type === 'project') {
    const schema = (r.schema ?? {}) as { labels?: { name: string }[] };
    return `Schema with labels ${(schema.labels ?? []).map((l) => l.name).join(', ')}${when}`;
  }
  return `${v.type} ${JSON.stringify(r).slice(0, 160)}${by ? ` — by ${by}` : ''}${when}`;
}

export function ConflictsDialog({ open, onClose, engine, ids, onNotice }: Props) {
  const [versions, setVersions] = useState<Record<string, Version[]>>({});
  const [problem, setProblem] = useState('');
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    void Promise.all(ids.map(async (id) => [id, await engine.versionsOf(id)] as const)).then(
      (entries) => !cancelled && setVersions(Object.fromEntries(entries)),
      (err: Error) => !cancelled && setProblem(err.message),
    );
    return () => {
      cancelled = true;
    };
  }, [open, ids, engine]);
  const keep = async (id: string, rev: string) => {
    try {
      await engine.resolveConflict(id, rev);
      onNotice('Conflict resolved: every teammate gets the version you kept.');
      if (ids.length <= 1) onClose();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  return (
    <ModalDialog title="Conflicting changes" open={open} onClose={onClose}>
      <p>Two people changed the same thing while apart. Pick the version to keep; the other is discarded on every computer.</p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {ids.map((id) => (
        <section key={id} className="conflict" aria-label={`Conflict on ${id}`}>
          <ul>
            {(versions[id] ?? []).map((v) => (
              <li key={v._rev}>
                <span>{describeVersion(v)}</span>{' '}
                <button type="button" onClick={() => void keep(id, v._rev)}>
                  Keep this version
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </ModalDialog>
  );
}
