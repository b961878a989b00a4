/**
 * The schema editor's gazetteer section: the news agencies and outlets the suggestion engine
 * proposes as sources (name, kind, other names), each editable and removable; new ones are added
 * at the end. A project starts with the list shipped with the app and can go back to it.
 */
import { useState, type ReactNode } from 'react';
import { DEFAULT_GAZETTEER } from '../../../core/suggest/gazetteer.ts';
import { draftOutlets, newKey, type DraftOutlet } from './schemaDraft.ts';

interface Props {
  outlets: DraftOutlet[];
  onChange(next: DraftOutlet[]): void;
  errorFor(key: string): ReactNode;
  errorKey: string | null;
}

export function OutletList({ outlets, onChange, errorFor, errorKey }: Props) {
  // The row just added, whose name field takes the focus.
  const [added, setAdded] = useState<string | null>(null);
  const set = (key: string, patch: Partial<DraftOutlet>) => onChange(outlets.map((o) => (o.key === key ? { ...o, ...patch } : o)));
  const add = () => {
    const key = newKey('o');
    setAdded(key);
    onChange([...outlets, { key, name: '', kind: 'newspaper', aliasesText: '' }]);
  };
  return (
    <section aria-labelledby="schema-outlets-heading">
      <h3 id="schema-outlets-heading">News agencies and outlets</h3>
      <p className="muted">Suggest proposes these names as sources. Aliases are other names for the same outlet, comma-separated.</p>
      <div className="schema-outlets">
        {outlets.map((o, i) => (
          <fieldset key={o.key} className="schema-outlet schema-row" aria-label={`Outlet ${o.name.trim() || i + 1}`}>
            <label>
              Name
              <input
                value={o.name}
                autoFocus={o.key === added}
                onChange={(e) => set(o.key, { name: e.target.value })}
                aria-invalid={errorKey === o.key}
              />
            </label>
            <label>
              Kind
              <input value={o.kind} onChange={(e) => set(o.key, { kind: e.target.value })} />
            </label>
            <label className="schema-aliases">
              Aliases
              <input value={o.aliasesText} onChange={(e) => set(o.key, { aliasesText: e.target.value })} />
            </label>
            <button
              type="button"
              className="danger"
              aria-label={`Remove outlet ${o.name.trim() || i + 1}`}
              onClick={() => onChange(outlets.filter((x) => x.key !== o.key))}
            >
              Remove
            </button>
            {errorFor(o.key)}
          </fieldset>
        ))}
      </div>
      <div className="schema-row">
        <button type="button" onClick={add}>
          Add outlet
        </button>
        <button type="button" onClick={() => onChange(draftOutlets(DEFAULT_GAZETTEER.outlets))}>
          Use the shipped list
        </button>
      </div>
    </section>
  );
}
