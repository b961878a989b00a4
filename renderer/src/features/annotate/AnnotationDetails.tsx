/**
 * The selected annotation in the annotations panel: label, typed attribute fields from the
 * label's schema definition, a note, its relations (with jump-to and remove) and its history from
 * the undo log. Every change goes through the workspace (one transaction, one undo step).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Annotation, AttributeDef, AttributeValue, Relation } from '../../../core/model/types.ts';
import { validateAttributes } from '../../../core/model/validation.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import { useAnnotationHistory } from '../../app/liveReads.ts';
import { blockIndexAt } from '../../editor/domOffsets.ts';
import { EntityField } from '../../components/EntityField.tsx';
import { LabelledField } from '../../components/LabelledField.tsx';
import { Options } from '../../components/Options.tsx';
import { addSelectionToSelected, useAnnotateUi } from './annotateUi.tsx';
import { describeForAnnotation } from './history.ts';
import { LayerBadge } from './LayerBadge.tsx';
import { readOnlyReason } from '../../../core/review/layerView.ts';
import './annotate.css';

const NOTE_PAUSE_MS = 800;
const RADIO_LIMIT = 5;
const HISTORY_SHOWN = 12;

const short = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

interface Props {
  annotation: Annotation;
  onRelabel(id: string, label: string): void;
  onDelete(id: string): void;
}

export function AnnotationDetails({ annotation: a, onRelabel, onDelete }: Props) {
  const workspace = useWorkspace();
  const ui = useAnnotateUi();
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const labels = state.labels;
  const labelDef = labels.find((l) => l.name === a.label);
  const problems = labelDef ? validateAttributes(labelDef, a.attributes) : [];
  const problemFor = new Map(problems.map((p) => [p.field, p.message]));
  const colors = new Map(labels.map((l) => [l.name, l.color]));
  const links = state.relations.filter((r) => r.from === a.id || r.to === a.id);

  const readOnly = readOnlyReason(a.layer, state.annotator);

  return (
    <section className="annotation-details selected-annotation" aria-label="Selected annotation">
      <p className="selected-quote">“{a.quote}”</p>
      <p className="layer-owner">
        <LayerBadge layer={a.layer} annotator={state.annotator} />
        {readOnly && <span className="read-only-note">{readOnly}</span>}
      </p>
      {readOnly ? (
        <p className="selected-actions">
          Label{' '}
          <span className="label-chip" style={{ ['--label-color' as string]: colors.get(a.label) ?? '#888' }}>
            {a.label}
          </span>
        </p>
      ) : (
        <div className="selected-actions">
          <label>
            Label{' '}
            <select aria-label="Label" value={a.label} onChange={(e) => onRelabel(a.id, e.target.value)}>
              <Options of={labels.map((l) => l.name)} />
              {!labelDef && <option value={a.label}>{a.label}</option>}
            </select>
          </label>
          <button type="button" onClick={() => workspace.startLinking(a.id)} aria-keyshortcuts="L" title="Link to another annotation (L)">
            Link…
          </button>
          <button
            type="button"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void addSelectionToSelected(workspace, ui)}
            aria-keyshortcuts="+"
            title="Select more text in the article first (+)"
          >
            Add selected text to this annotation
          </button>
          <button type="button" className="danger" onClick={() => onDelete(a.id)}>
            Delete annotation
          </button>
        </div>
      )}

      {labelDef && (labelDef.attributes?.length ?? 0) > 0 && (
        <fieldset className="attribute-fields" data-details-fields="" aria-label="Attributes" disabled={readOnly !== null}>
          {labelDef.attributes!.map((def) => (
            <AttributeField
              key={`${a.id}-${def.name}`}
              annotation={a}
              def={def}
              projectId={a.projectId}
              problem={problemFor.get(def.name)}
              onChange={(value) => workspace.setAttribute(a.id, def.name, value)}
            />
          ))}
        </fieldset>
      )}

      <NoteField key={a.id} annotation={a} readOnly={readOnly !== null} onSave={(note) => void workspace.setNote(a.id, note)} />

      <section className="details-section" aria-labelledby={`rel-h-${a.id}`}>
        <h3 id={`rel-h-${a.id}`}>Links {links.length > 0 && <span className="count">{links.length}</span>}</h3>
        {links.length === 0 ? (
          <p className="hint-small">
            {readOnly ? 'No links.' : `No links. Press L to link this ${a.label.toLowerCase()} (or Alt+click a highlight).`}
          </p>
        ) : (
          <ul className="relation-list">
            {links.map((r) => (
              <RelationRow key={r.id} relation={r} self={a} colors={colors} removable={readOnlyReason(r.layer, state.annotator) === null} />
            ))}
          </ul>
        )}
      </section>

      <HistoryList annotation={a} />
    </section>
  );
}

function RelationRow({
  relation: r,
  self,
  colors,
  removable,
}: {
  relation: Relation;
  self: Annotation;
  colors: Map<string, string>;
  removable: boolean;
}) {
  const workspace = useWorkspace();
  const ui = useAnnotateUi();
  const state = workspace.getState();
  const outgoing = r.from === self.id;
  const other = state.annotations.find((x) => x.id === (outgoing ? r.to : r.from));
  if (!other) return null;
  const paragraph = state.doc ? blockIndexAt(state.doc.blocks, other.ranges[0]!.start) + 1 : 0;
  const name = `${other.label} “${short(other.quote, 40)}”`;
  return (
    <li className="relation-row" data-relation-type={r.type}>
      <span className="rel-type">{outgoing ? `${r.type} →` : `← ${r.type}`}</span>
      <span className="label-chip" style={{ ['--label-color' as string]: colors.get(other.label) ?? '#888' }}>
        {other.label}
      </span>
      <span className="rel-quote">“{short(other.quote)}”</span>
      <span className="position">¶{paragraph}</span>
      <span className="rel-actions">
        <button
          type="button"
          aria-label={`Go to ${name}`}
          onClick={() => {
            workspace.select(other.id, true);
            ui.view.current?.focus();
          }}
        >
          Go to
        </button>
        {removable && (
          <button
            type="button"
            className="danger"
            aria-label={`Remove link ${r.type} ${outgoing ? 'to' : 'from'} ${name}`}
            onClick={() => void workspace.unlink(r.id)}
          >
            Remove
          </button>
        )}
      </span>
    </li>
  );
}

function AttributeField({
  annotation,
  def,
  projectId,
  problem,
  onChange: save,
}: {
  annotation: Annotation;
  def: AttributeDef;
  projectId: string;
  problem: string | undefined;
  onChange(value: AttributeValue): Promise<void>;
}) {
  const id = useId();
  // A choice shows at once (optimistic) while it is saved; the stored value takes over after the
  // commit, or comes back if the save was refused.
  const [optimistic, setOptimistic] = useState<{ value: AttributeValue } | null>(null);
  const value = optimistic ? optimistic.value : annotation.attributes[def.name];
  const onChange = (next: AttributeValue) => {
    setOptimistic({ value: next });
    void save(next).finally(() => setOptimistic(null));
  };
  const options = def.options ?? [];
  const name = `${def.name}${def.required ? ' (required)' : ''}`;
  const error = problem ? (
    <p className="field-problem" id={`${id}-problem`}>
      {problem}
    </p>
  ) : null;
  const described = problem ? `${id}-problem` : undefined;

  /** A set of radio buttons or checkboxes under the attribute's name. */
  const choices = (children: ReactNode) => (
    <fieldset className="attr attr-choice" aria-describedby={described}>
      <legend>{name}</legend>
      {children}
      {error}
    </fieldset>
  );

  if (def.type === 'single' && options.length <= RADIO_LIMIT) {
    return choices(
      <>
        <div role="radiogroup" aria-label={def.name}>
          {options.map((o) => (
            <label key={o} className="choice">
              <input type="radio" name={`${id}-r`} value={o} checked={value === o} onChange={() => onChange(o)} />
              {o}
            </label>
          ))}
        </div>
        {typeof value === 'string' && value !== '' && (
          <button type="button" className="link-button" onClick={() => onChange(null)} aria-label={`Clear ${def.name}`}>
            clear
          </button>
        )}
      </>,
    );
  }
  if (def.type === 'multi') {
    const chosen = Array.isArray(value) ? value : [];
    return choices(
      options.map((o) => (
        <label key={o} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(o)}
            onChange={(e) =>
              onChange(e.target.checked ? options.filter((x) => x === o || chosen.includes(x)) : chosen.filter((x) => x !== o))
            }
          />
          {o}
        </label>
      )),
    );
  }
  if (def.type === 'boolean') {
    return (
      <div className="attr">
        <label className="choice">
          <input type="checkbox" checked={value === true} aria-describedby={described} onChange={(e) => onChange(e.target.checked)} />
          {name}
        </label>
        {error}
      </div>
    );
  }
  if (def.type === 'single' || def.type === 'entity') {
    return (
      <LabelledField className="attr" id={id} label={name} problem={error}>
        {def.type === 'single' ? (
          <select
            id={id}
            value={typeof value === 'string' ? value : ''}
            aria-describedby={described}
            onChange={(e) => onChange(e.target.value || null)}
          >
            <option value="">—</option>
            <Options of={options} />
          </select>
        ) : (
          <EntityField
            id={id}
            label={def.name}
            projectId={projectId}
            value={typeof value === 'string' ? value : null}
            mentionText={annotation.quote}
            onChange={(entityId) => onChange(entityId)}
          />
        )}
      </LabelledField>
    );
  }
  return <TextLikeField id={id} def={def} name={name} value={value} described={described} error={error} onChange={onChange} />;
}

/** Number and free-text attributes: edited locally, saved on blur or Enter. */
function TextLikeField(props: {
  id: string;
  def: AttributeDef;
  name: string;
  value: AttributeValue | undefined;
  described: string | undefined;
  error: React.ReactNode;
  onChange(value: AttributeValue): void;
}) {
  const shown = props.value === undefined || props.value === null ? '' : String(props.value);
  const [draft, setDraft] = useState(shown);
  const [drafted, setDrafted] = useState(shown);
  if (drafted !== shown) {
    setDrafted(shown);
    setDraft(shown);
  }
  const commit = () => {
    if (draft === shown) return;
    if (props.def.type === 'number') {
      const n = draft.trim() === '' ? null : Number(draft);
      props.onChange(n === null || Number.isFinite(n) ? n : draft);
    } else props.onChange(draft);
  };
  return (
    <LabelledField className="attr" id={props.id} label={props.name} problem={props.error}>
      <input
        id={props.id}
        type={props.def.type === 'number' ? 'number' : 'text'}
        value={draft}
        aria-describedby={props.described}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </LabelledField>
  );
}

/** The note: saved after a pause in typing and on blur (each save is one undo step). */
function NoteField({ annotation, readOnly, onSave }: { annotation: Annotation; readOnly: boolean; onSave(note: string): void }) {
  const [draft, setDraft] = useState(annotation.note);
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ draft, saved: annotation.note, onSave });
  useLayoutEffect(() => {
    latest.current = { draft, saved: annotation.note, onSave };
  });
  // Outside changes (undo, redo) show when the field is not being edited.
  useEffect(() => {
    if (!focused.current) setDraft(annotation.note);
  }, [annotation.note]);
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { draft: d, saved, onSave: save } = latest.current;
    if (d !== saved) save(d);
  };
  useEffect(() => () => flush(), []); // on unmount only; flush reads the latest values through a ref
  const id = useId();
  return (
    <div className="attr note-field">
      <label htmlFor={id}>Note</label>
      <textarea
        id={id}
        rows={2}
        value={draft}
        readOnly={readOnly}
        placeholder={readOnly ? '' : 'Anything a reviewer should know'}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          flush();
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(flush, NOTE_PAUSE_MS);
        }}
      />
    </div>
  );
}

function HistoryList({ annotation }: { annotation: Annotation }) {
  const workspace = useWorkspace();
  const [all, setAll] = useState(false);
  const ops = useAnnotationHistory(workspace.db, annotation.id);
  const nameOf = (id: string) => {
    const x = workspace.getState().annotations.find((y) => y.id === id);
    return x ? `${x.label} “${short(x.quote, 30)}”` : null;
  };
  const lines = (ops ?? []).map((op) => describeForAnnotation(op, annotation.id, nameOf));
  const shown = all ? lines : lines.slice(0, HISTORY_SHOWN);
  return (
    <details className="details-section history">
      <summary>
        History <span className="count">{ops ? lines.length : '…'}</span>
      </summary>
      <ol className="history-list" aria-label="History of this annotation">
        {shown.map((l) => (
          <li key={l.seq} className={l.undone ? 'undone' : undefined}>
            <div className="history-meta">
              <time dateTime={l.at}>{new Date(l.at).toLocaleString()}</time> · {l.by}
              {l.undone && ' · undone'}
            </div>
            <ul>
              {(l.changes.length ? l.changes : [l.description]).map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {!all && lines.length > HISTORY_SHOWN && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show all {lines.length}
        </button>
      )}
    </details>
  );
}
