import { useState } from 'react';
import type { DocumentRecord, Metadata, MetadataValue } from '../../../core/model/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { DialogActions } from '../../components/DialogActions.tsx';

interface Props {
  workspace: Workspace;
  doc: DocumentRecord;
}

/** The standard fields, shown first; every other metadata key is a custom field. */
const STANDARD = [
  { key: 'source', label: 'Source', type: 'text' },
  { key: 'date', label: 'Date', type: 'text' },
  { key: 'url', label: 'URL', type: 'url' },
] as const;
const STANDARD_KEYS: ReadonlySet<string> = new Set(STANDARD.map((f) => f.key));

interface Draft {
  title: string;
  standard: Record<string, string>;
  custom: { key: string; value: string }[];
}

const asText = (v: MetadataValue | undefined) => (v === null || v === undefined ? '' : String(v));

function draftOf(doc: DocumentRecord): Draft {
  return {
    title: doc.title,
    standard: Object.fromEntries(STANDARD.map((f) => [f.key, asText(doc.metadata[f.key])])),
    custom: Object.entries(doc.metadata)
      .filter(([k]) => !STANDARD_KEYS.has(k))
      .map(([key, value]) => ({ key, value: asText(value) })),
  };
}

/**
 * Builds the metadata to save. A value the user did not change keeps its type (a number stays a
 * number); an emptied standard field is removed.
 */
export function metadataOf(draft: Draft, original: Metadata): Metadata {
  const out: Metadata = {};
  const put = (key: string, text: string) => {
    const before = original[key];
    out[key] = before !== undefined && asText(before) === text ? before : text;
  };
  for (const f of STANDARD) {
    const v = draft.standard[f.key]!.trim();
    if (v) put(f.key, v);
  }
  for (const { key, value } of draft.custom) {
    const k = key.trim();
    if (k) put(k, value);
  }
  return out;
}

/** Title, source, date, URL and custom fields of the open document, editable. */
export function DocumentMetadataPanel({ workspace, doc }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(doc));
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  // Another document, or the same one saved: start from what is stored.
  const [draftedFrom, setDraftedFrom] = useState(doc);
  if (draftedFrom !== doc) {
    setDraftedFrom(doc);
    setDraft(draftOf(doc));
    setError('');
  }

  const original = draftOf(doc);
  const dirty = JSON.stringify(original) !== JSON.stringify(draft);

  const save = async () => {
    if (!draft.title.trim()) return setError('A document needs a title.');
    const keys = draft.custom.map((c) => c.key.trim());
    if (keys.some((k) => !k)) return setError('Every custom field needs a name.');
    const clash = keys.find((k, i) => keys.indexOf(k) !== i || STANDARD_KEYS.has(k));
    if (clash) return setError(`There are two fields named "${clash}".`);
    setError('');
    setSaving(true);
    const ok = await workspace.saveDocumentDetails({
      title: draft.title,
      metadata: metadataOf(draft, doc.metadata),
      // Only what was changed here is written: another tab's change to another field is kept.
      base: { title: doc.title, metadata: doc.metadata },
    });
    setSaving(false);
    if (!ok) setError('Not saved; see the status line.');
  };

  const setCustom = (i: number, patch: Partial<{ key: string; value: string }>) =>
    setDraft((d) => ({ ...d, custom: d.custom.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));

  return (
    <div className="document-metadata">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          Title
          <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </label>
        {STANDARD.map((f) => (
          <label className="field" key={f.key}>
            {f.label}
            <input
              type={f.type}
              value={draft.standard[f.key]}
              placeholder={f.key === 'date' ? 'YYYY-MM-DD' : undefined}
              onChange={(e) => setDraft({ ...draft, standard: { ...draft.standard, [f.key]: e.target.value } })}
            />
          </label>
        ))}
        <fieldset className="custom-fields">
          <legend>Custom fields</legend>
          {draft.custom.length === 0 && <p className="muted">None yet.</p>}
          {draft.custom.map((c, i) => (
            <div className="custom-field" key={i}>
              <input
                aria-label={`Field ${i + 1} name`}
                placeholder="Name"
                value={c.key}
                onChange={(e) => setCustom(i, { key: e.target.value })}
              />
              <input
                aria-label={c.key.trim() ? `${c.key.trim()} value` : `Field ${i + 1} value`}
                placeholder="Value"
                value={c.value}
                onChange={(e) => setCustom(i, { value: e.target.value })}
              />
              <button
                type="button"
                aria-label={`Remove field ${c.key.trim() || i + 1}`}
                onClick={() => setDraft((d) => ({ ...d, custom: d.custom.filter((_, j) => j !== i) }))}
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setDraft((d) => ({ ...d, custom: [...d.custom, { key: '', value: '' }] }))}>
            Add field
          </button>
        </fieldset>
        <DialogActions error={error} onCancel={() => setDraft(draftOf(doc))} cancelLabel="Revert" cancelDisabled={!dirty || saving}>
          <button type="submit" className="primary" disabled={!dirty || saving}>
            Save details
          </button>
        </DialogActions>
      </form>
    </div>
  );
}
