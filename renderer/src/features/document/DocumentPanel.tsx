/**
 * The side panel's "Document" tab: the annotator's status for the open document with the done
 * checks, the document-level attributes of the schema (topic, relevance …) stored in the
 * annotator's layer, and a section for the document's metadata editor.
 */
import { useState, type ReactNode } from 'react';
import type { AttributeDef, AttributeValue, DocumentRecord, Schema } from '../../../core/model/types.ts';
import { setDocumentAttribute } from '../../db/schema.ts';
import { useDocumentAttributes, useStatusRecord } from '../../app/liveReads.ts';
import { STATUSES, setStatus, type DocumentStatusValue } from '../../db/status.ts';
import { EntityField } from '../../components/EntityField.tsx';
import { LabelledField } from '../../components/LabelledField.tsx';
import { Options } from '../../components/Options.tsx';
import { DoneCheck } from './DoneCheck.tsx';
import './document.css';
import { plural } from '../../../core/model/plural.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';

interface Props {
  doc: DocumentRecord;
  schema: Schema;
  annotator: string;
  onNotice(message: string): void;
  onJump?(annotationId: string): void;
  /** The document metadata editor, shown in its own section. */
  metadata?: ReactNode;
}

export function DocumentPanel({ doc, schema, annotator, onNotice, onJump, metadata }: Props) {
  const workspace = useWorkspace();
  const status = useStatusRecord(workspace.db, doc.id, annotator);
  const values = useDocumentAttributes(workspace.db, doc.id, annotator);
  const defs = schema.documentAttributes ?? [];

  const set = (def: AttributeDef, value: AttributeValue) =>
    void workspace.writeProject(`Set document ${def.name}`, () =>
      setDocumentAttribute(workspace.db, doc, annotator, def.name, value, annotator),
    );

  const changeStatus = (next: DocumentStatusValue) =>
    void workspace.writeProject(`Status: ${next}`, () => setStatus(workspace.db, doc, annotator, next));

  return (
    <div className="document-panel">
      <section className="doc-section" aria-labelledby="doc-status-heading">
        <h2 id="doc-status-heading">Status</h2>
        <div className="doc-status-row">
          <label>
            <span className="visually-hidden">Document status for {annotator}</span>
            <select
              value={status?.status ?? 'new'}
              onChange={(e) => changeStatus(e.target.value as DocumentStatusValue)}
              aria-label={`Document status for ${annotator}`}
            >
              <Options of={STATUSES} />
            </select>
          </label>
          <DoneCheck workspace={workspace} onNotice={onNotice} {...(onJump && { onJump })} />
        </div>
        {status?.overriddenProblems && (
          <details className="doc-overridden">
            <summary>Marked done with {plural(status.overriddenProblems.length, 'problem')} overridden</summary>
            <ul>
              {status.overriddenProblems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="doc-section" aria-labelledby="doc-attrs-heading">
        <h2 id="doc-attrs-heading">Document labels</h2>
        {defs.length === 0 ? (
          <p className="muted">The schema has no document-level attributes. Add some in the schema editor.</p>
        ) : (
          <div className="doc-attrs">
            {defs.map((def) => (
              <DocumentAttributeField
                key={def.name}
                def={def}
                value={values?.[def.name] ?? null}
                projectId={doc.projectId}
                onChange={(v) => set(def, v)}
              />
            ))}
          </div>
        )}
        <p className="muted doc-layer-note">Recorded in {annotator}’s layer.</p>
      </section>

      <section className="doc-section doc-metadata-section" aria-labelledby="doc-meta-heading">
        <h2 id="doc-meta-heading">Metadata</h2>
        {metadata}
      </section>
    </div>
  );
}

interface FieldProps {
  def: AttributeDef;
  value: AttributeValue;
  projectId: string;
  onChange(value: AttributeValue): void;
}

function DocumentAttributeField({ def, value: stored, projectId, onChange: save }: FieldProps) {
  // Shown at once, before the write commits and the live query brings the stored value back.
  const [value, setValue] = useState(stored);
  const [seen, setSeen] = useState(stored);
  if (seen !== stored) {
    setSeen(stored);
    setValue(stored);
  }
  const onChange = (next: AttributeValue) => {
    setValue(next);
    save(next);
  };
  const id = `doc-attr-${def.name.replace(/\W+/g, '-')}`;
  const label = (
    <>
      {def.name}
      {def.required && <span aria-label="required"> *</span>}
    </>
  );
  switch (def.type) {
    case 'single':
      return (
        <LabelledField className="doc-attr" id={id} label={label}>
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || null)}>
            <option value="">—</option>
            <Options of={def.options ?? []} />
          </select>
        </LabelledField>
      );
    case 'multi': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="doc-attr doc-attr-multi">
          <legend>{label}</legend>
          {(def.options ?? []).map((o) => (
            <label key={o} className="doc-choice">
              <input
                type="checkbox"
                checked={chosen.includes(o)}
                onChange={(e) =>
                  onChange(
                    e.target.checked ? (def.options ?? []).filter((x) => x === o || chosen.includes(x)) : chosen.filter((x) => x !== o),
                  )
                }
              />
              {o}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'boolean':
      return (
        <div className="doc-attr">
          <label className="doc-choice">
            <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
            {label}
          </label>
        </div>
      );
    case 'number':
    case 'text': {
      // Saved on leaving the field, when it holds a new value (a number field: empty or a finite number).
      const shown = def.type === 'number' ? (typeof value === 'number' ? value : '') : typeof value === 'string' ? value : '';
      const typed = (input: string): AttributeValue | undefined => {
        if (def.type === 'text') return input !== (value ?? '') ? input : undefined;
        const n = input.trim() === '' ? null : Number(input.trim());
        return n !== value && (n === null || Number.isFinite(n)) ? n : undefined;
      };
      return (
        <LabelledField className="doc-attr" id={id} label={label}>
          <input
            id={id}
            type={def.type}
            defaultValue={shown}
            key={String(value)}
            onBlur={(e) => {
              const next = typed(e.target.value);
              if (next !== undefined) onChange(next);
            }}
          />
        </LabelledField>
      );
    }
    case 'entity':
      return (
        <LabelledField className="doc-attr" id={id} label={label}>
          <EntityField
            id={id}
            projectId={projectId}
            value={typeof value === 'string' ? value : null}
            mentionText=""
            onChange={(v) => onChange(v)}
          />
        </LabelledField>
      );
  }
}
