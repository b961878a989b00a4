/**
 * The schema editor (a modal dialog): labels with name, colour, hotkey, description and typed
 * attributes; relation types with the labels allowed at each end; document-level attributes; the
 * gazetteer of news agencies and outlets the suggestion engine proposes as sources.
 * Saving checks the schema (errors shown at the part they concern), then, if the change deletes
 * or drops anything, says how much and asks first. Renames carry over to existing data. Schemas
 * import from and export to JSON files.
 */
import { useState } from 'react';
import { LABEL_PALETTE, parseSchema } from '../../../core/model/schema.ts';
import { describeImpact, needsConfirmation, type SchemaChangeImpact } from '../../../core/model/schemaChanges.ts';
import { ATTRIBUTE_TYPES, type AttributeType, type Project } from '../../../core/model/types.ts';
import { describeError as describeFormatError } from '../../../core/formats/types.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import type { Platform } from '../../platform/platform.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { previewSchemaChange, saveSchema } from '../../db/schema.ts';
import { OutletList } from './OutletList.tsx';
import {
  buildSchema,
  describeError,
  draftOf,
  errorTarget,
  newKey,
  removeLabel,
  type DraftAttribute,
  type DraftLabel,
  type SchemaDraft,
} from './schemaDraft.ts';
import './schema.css';
import { Options } from '../../components/Options.tsx';

interface Props {
  open: boolean;
  onClose(): void;
  platform: Platform;
  project: Project;
  onNotice(message: string): void;
}

const TYPE_LABELS: Record<AttributeType, string> = {
  single: 'single choice',
  multi: 'multiple choice',
  boolean: 'yes/no',
  number: 'number',
  text: 'free text',
  entity: 'entity link',
};

export function SchemaEditor(props: Props) {
  if (!props.open) return null;
  return <SchemaEditorDialog {...props} />;
}

function SchemaEditorDialog({ onClose, platform, project, onNotice }: Props) {
  const workspace = useWorkspace();
  const [draft, setDraft] = useState<SchemaDraft>(() => draftOf(project.schema));
  // The schema the draft began from: saving is refused if another window changed the project's since.
  const [base] = useState(() => project.schema);
  const [error, setError] = useState<{ key: string | null; message: string } | null>(null);
  const [confirm, setConfirm] = useState<SchemaChangeImpact | null>(null);
  const [importMessage, setImportMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const update = (next: SchemaDraft) => {
    setDraft(next);
    setError(null);
    setConfirm(null);
  };
  const updateLabel = (key: string, patch: Partial<DraftLabel>) =>
    update({ ...draft, labels: draft.labels.map((l) => (l.key === key ? { ...l, ...patch } : l)) });

  const check = () => {
    const built = buildSchema(draft);
    const parsed = parseSchema('schema', JSON.stringify(built.schema));
    if (!parsed.ok) {
      setError({ key: errorTarget(draft, parsed.error.message), message: describeError(draft, parsed.error.message) });
      return null;
    }
    return built;
  };

  const save = async (confirmed: boolean) => {
    const built = check();
    if (!built) return;
    setBusy(true);
    try {
      if (!confirmed) {
        let impact;
        try {
          impact = await previewSchemaChange(workspace.db, project.id, built.schema, built.origins, base);
        } catch (err) {
          setError({ key: null, message: (err as Error).message });
          return;
        }
        if (needsConfirmation(impact)) {
          setConfirm(impact);
          return;
        }
      }
      const state = workspace.getState();
      const impact = await workspace.writeProject('Schema', () =>
        saveSchema(
          workspace.db,
          { projectId: project.id, documentId: state.doc?.id ?? '', by: state.annotator, base },
          built.schema,
          built.origins,
        ),
      );
      if (impact) {
        const lines = describeImpact(impact);
        onNotice(lines.length > 0 ? `Schema saved. ${lines.join(' ')}` : 'Schema saved.');
        onClose();
      } else {
        // Not saved: the reason, which the status line also shows, here where the researcher is looking.
        const saved = workspace.getState().save;
        setConfirm(null);
        if (saved.kind === 'error') setError({ key: null, message: saved.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const importFile = async () => {
    const files = await platform.openFiles([{ name: 'Schema (JSON)', extensions: ['json'] }], false);
    const file = files[0];
    if (!file) return;
    const parsed = parseSchema(file.name, new TextDecoder().decode(file.data));
    if (!parsed.ok) {
      setImportMessage(`Could not import: ${describeFormatError(parsed.error)}`);
      return;
    }
    update(draftOf(parsed.value, false, project.schema));
    setImportMessage(`Imported ${file.name}. Review it, then save.`);
  };

  const exportFile = async () => {
    const built = check();
    if (!built) return;
    const name = `${project.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'project'}-schema.json`;
    const result = await platform.saveFile(name, JSON.stringify(built.schema, null, 2) + '\n', [
      { name: 'Schema (JSON)', extensions: ['json'] },
    ]);
    if (result.saved) setImportMessage(`Exported the schema${result.where ? ` to ${result.where}` : ''}.`);
  };

  const errorFor = (key: string) =>
    error && error.key === key ? (
      <p className="schema-error" role="alert">
        {error.message}
      </p>
    ) : null;

  const labelUsage = (key: string) => {
    const origin = draft.labels.find((l) => l.key === key)?.origin;
    return origin ? workspace.getState().annotations.filter((a) => a.label === origin).length : 0;
  };

  return (
    <ModalDialog title="Schema" open onClose={onClose} className="schema-dialog" initialFocus=".schema-label input">
      <div className="schema-tools">
        <button type="button" onClick={() => void importFile()}>
          Import schema…
        </button>
        <button type="button" onClick={() => void exportFile()}>
          Export schema…
        </button>
        <p className="schema-import-message" role="status">
          {importMessage}
        </p>
      </div>

      <section aria-labelledby="schema-labels-heading">
        <h3 id="schema-labels-heading">Labels</h3>
        {draft.labels.map((l, i) => (
          <fieldset key={l.key} className="schema-label" aria-label={`Label ${l.name || i + 1}`}>
            <div className="schema-row">
              <label>
                Name
                <input value={l.name} onChange={(e) => updateLabel(l.key, { name: e.target.value })} aria-invalid={error?.key === l.key} />
              </label>
              <label>
                Colour
                <input type="color" value={l.color} onChange={(e) => updateLabel(l.key, { color: e.target.value })} />
              </label>
              <label className="schema-hotkey">
                Hotkey
                <input value={l.hotkey} maxLength={1} onChange={(e) => updateLabel(l.key, { hotkey: e.target.value.slice(-1) })} />
              </label>
              <button
                type="button"
                className="danger"
                onClick={() => update(removeLabel(draft, l.key))}
                aria-label={`Remove label ${l.name}`}
                title={labelUsage(l.key) > 0 ? `${labelUsage(l.key)} annotations in this document use it` : undefined}
              >
                Remove
              </button>
            </div>
            {l.origin && l.origin !== l.name.trim() && <p className="muted">Renamed from {l.origin}: existing annotations follow.</p>}
            <label className="schema-description">
              Description
              <input value={l.description} onChange={(e) => updateLabel(l.key, { description: e.target.value })} />
            </label>
            {errorFor(l.key)}
            <AttributeList
              title={`Attributes of ${l.name || 'this label'}`}
              attributes={l.attributes}
              onChange={(attributes) => updateLabel(l.key, { attributes })}
              errorFor={errorFor}
              errorKey={error?.key ?? null}
            />
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            update({
              ...draft,
              labels: [
                ...draft.labels,
                {
                  key: newKey('l'),
                  origin: null,
                  name: '',
                  color: LABEL_PALETTE[draft.labels.length % LABEL_PALETTE.length]!,
                  hotkey: '',
                  description: '',
                  attributes: [],
                },
              ],
            })
          }
        >
          Add label
        </button>
      </section>

      <section aria-labelledby="schema-relations-heading">
        <h3 id="schema-relations-heading">Relation types</h3>
        {draft.relationTypes.map((r) => (
          <fieldset key={r.key} className="schema-relation" aria-label={`Relation type ${r.name}`}>
            <div className="schema-row">
              <label>
                Name
                <input
                  value={r.name}
                  onChange={(e) =>
                    update({
                      ...draft,
                      relationTypes: draft.relationTypes.map((x) => (x.key === r.key ? { ...x, name: e.target.value } : x)),
                    })
                  }
                  aria-invalid={error?.key === r.key}
                />
              </label>
              <button
                type="button"
                className="danger"
                aria-label={`Remove relation type ${r.name}`}
                onClick={() => update({ ...draft, relationTypes: draft.relationTypes.filter((x) => x.key !== r.key) })}
              >
                Remove
              </button>
            </div>
            {(['from', 'to'] as const).map((end) => (
              <fieldset key={end} className="schema-ends">
                <legend>{end === 'from' ? 'From (empty = any label)' : 'To (empty = any label)'}</legend>
                {draft.labels.map((l) => (
                  <label key={l.key} className="doc-choice">
                    <input
                      type="checkbox"
                      checked={r[end].includes(l.key)}
                      onChange={(e) =>
                        update({
                          ...draft,
                          relationTypes: draft.relationTypes.map((x) =>
                            x.key === r.key
                              ? { ...x, [end]: e.target.checked ? [...x[end], l.key] : x[end].filter((k) => k !== l.key) }
                              : x,
                          ),
                        })
                      }
                    />
                    {l.name || '(unnamed)'}
                  </label>
                ))}
              </fieldset>
            ))}
            {errorFor(r.key)}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            update({ ...draft, relationTypes: [...draft.relationTypes, { key: newKey('r'), origin: null, name: '', from: [], to: [] }] })
          }
        >
          Add relation type
        </button>
      </section>

      <section aria-labelledby="schema-docattrs-heading">
        <h3 id="schema-docattrs-heading">Document-level attributes</h3>
        <AttributeList
          title="Document attributes"
          attributes={draft.documentAttributes}
          onChange={(documentAttributes) => update({ ...draft, documentAttributes })}
          errorFor={errorFor}
          errorKey={error?.key ?? null}
        />
      </section>

      <OutletList
        outlets={draft.outlets}
        onChange={(outlets) => update({ ...draft, outlets })}
        errorFor={errorFor}
        errorKey={error?.key ?? null}
      />

      {error && error.key === null && (
        <p className="schema-error" role="alert">
          {error.message}
        </p>
      )}

      {confirm ? (
        <div className="schema-confirm" role="alertdialog" aria-labelledby="schema-confirm-heading" aria-describedby="schema-confirm-list">
          <h3 id="schema-confirm-heading">This change deletes data</h3>
          <ul id="schema-confirm-list">
            {describeImpact(confirm).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="muted">You can undo it afterwards with Ctrl+Z.</p>
          <DialogActions onCancel={() => setConfirm(null)} cancelLabel="Go back" cancelAutoFocus>
            <button type="button" className="danger" disabled={busy} onClick={() => void save(true)}>
              Save and delete
            </button>
          </DialogActions>
        </div>
      ) : (
        <DialogActions onCancel={onClose}>
          <button type="button" className="primary" disabled={busy} onClick={() => void save(false)}>
            Save schema
          </button>
        </DialogActions>
      )}
    </ModalDialog>
  );
}

function AttributeList({
  title,
  attributes,
  onChange,
  errorFor,
  errorKey,
}: {
  title: string;
  attributes: DraftAttribute[];
  onChange(next: DraftAttribute[]): void;
  errorFor(key: string): React.ReactNode;
  errorKey: string | null;
}) {
  const set = (key: string, patch: Partial<DraftAttribute>) => onChange(attributes.map((a) => (a.key === key ? { ...a, ...patch } : a)));
  return (
    <div className="schema-attributes" role="group" aria-label={title}>
      {attributes.map((a) => (
        <div key={a.key} className="schema-attribute">
          <div className="schema-row">
            <label>
              Attribute
              <input value={a.name} onChange={(e) => set(a.key, { name: e.target.value })} aria-invalid={errorKey === a.key} />
            </label>
            <label>
              Type
              <select value={a.type} onChange={(e) => set(a.key, { type: e.target.value as AttributeType })}>
                <Options of={ATTRIBUTE_TYPES} text={(t) => TYPE_LABELS[t]} />
              </select>
            </label>
            <label className="doc-choice">
              <input type="checkbox" checked={a.required} onChange={(e) => set(a.key, { required: e.target.checked })} />
              required
            </label>
            <button
              type="button"
              className="danger"
              aria-label={`Remove attribute ${a.name}`}
              onClick={() => onChange(attributes.filter((x) => x.key !== a.key))}
            >
              Remove
            </button>
          </div>
          {(a.type === 'single' || a.type === 'multi') && (
            <label className="schema-options">
              Options (comma-separated)
              <input value={a.optionsText} onChange={(e) => set(a.key, { optionsText: e.target.value })} />
            </label>
          )}
          {a.origin && a.origin !== a.name.trim() && <p className="muted">Renamed from {a.origin}: existing values follow.</p>}
          {errorFor(a.key)}
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          onChange([...attributes, { key: newKey('a'), origin: null, name: '', type: 'single', optionsText: '', required: false }])
        }
      >
        Add attribute
      </button>
    </div>
  );
}
