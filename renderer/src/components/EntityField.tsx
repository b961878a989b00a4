/**
 * Picks the entity a speaker or source mention refers to: an editable combobox (WAI-ARIA APG
 * "editable combobox with list autocomplete") listing the project's entities that match the typed
 * name or alias, an option to create a new entity from the typed text or the mention, and one to
 * clear the link. Keyboard: type to filter, ↓/↑ to move, Enter to choose, Escape to close.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { cleanName, findEntities, nameKey } from '../../core/model/entities.ts';
import type { Entity } from '../../core/model/types.ts';
import { useWorkspace } from '../app/WorkspaceContext.tsx';
import { createEntity } from '../db/entities.ts';
import { useEntities } from '../app/liveReads.ts';

export interface EntityFieldProps {
  projectId: string;
  /** The linked entity's id, or null. */
  value: string | null;
  /** The mention's text, offered as the new entity's name (it becomes an alias through the mention). */
  mentionText: string;
  onChange(entityId: string | null): void;
  /** The field's accessible name; "Entity" unless given. */
  label?: string;
  /** An id for the input, so an outside <label htmlFor> can name it. */
  id?: string;
}

type Option =
  | { kind: 'entity'; key: string; entity: Entity; matched: string }
  | { kind: 'create'; key: string; name: string }
  | { kind: 'clear'; key: string };

const MAX_MATCHES = 8;

export function EntityField({ projectId, value, mentionText, onChange, label = 'Entity', id }: EntityFieldProps) {
  const workspace = useWorkspace();
  const entities = useEntities(workspace.db, projectId);
  const current = value ? entities?.find((e) => e.id === value) : undefined;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const inputId = id ?? `${baseId}-input`;
  const listId = `${baseId}-list`;

  const shown = query ?? current?.name ?? (value && entities ? '(unknown entity)' : '');

  const options = useMemo((): Option[] => {
    const list = entities ?? [];
    const q = query ?? '';
    const matches = findEntities(list, q).slice(0, MAX_MATCHES);
    const out: Option[] = matches.map((m) => ({ kind: 'entity', key: `e-${m.entity.id}`, entity: m.entity, matched: m.matched }));
    const newName = cleanName(q) || cleanName(mentionText);
    if (newName && !list.some((e) => nameKey(e.name) === nameKey(newName))) {
      out.push({ kind: 'create', key: 'create', name: newName });
    }
    if (value) out.push({ kind: 'clear', key: 'clear' });
    return out;
  }, [entities, query, mentionText, value]);

  const activeIndex = Math.min(active, options.length - 1);

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(0);
  };

  const choose = async (option: Option) => {
    close();
    if (option.kind === 'entity') {
      if (option.entity.id !== value) onChange(option.entity.id);
    } else if (option.kind === 'clear') {
      onChange(null);
    } else {
      setBusy(true);
      const state = workspace.getState();
      const created = await workspace.writeProject(`Create entity ${option.name}`, () =>
        createEntity(
          workspace.db,
          { projectId, documentId: state.doc?.id ?? '', by: state.annotator },
          // The mention's own wording becomes an alias when it differs from the name
          // ("Lavrov" → entity "Sergei Lavrov"), so exports and lookups know it.
          { name: option.name, aliases: [mentionText] },
        ),
      );
      setBusy(false);
      if (created) onChange(created.id);
    }
    inputRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(e.key === 'ArrowDown' ? 0 : options.length - 1);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + options.length) % Math.max(options.length, 1));
    } else if (e.key === 'Home' && open) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && open) {
      e.preventDefault();
      setActive(options.length - 1);
    } else if (e.key === 'Enter') {
      if (open && options[activeIndex]) {
        e.preventDefault();
        void choose(options[activeIndex]!);
      } else if (!open) {
        e.preventDefault();
        setOpen(true);
      }
    } else if (e.key === 'Escape') {
      if (open || query !== null) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    }
  };

  const activeOption = open ? options[activeIndex] : undefined;

  return (
    <div className="entity-field">
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        aria-label={id ? undefined : label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeOption ? `${baseId}-${activeOption.key}` : undefined}
        aria-busy={busy || entities === undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Type a name…"
        value={shown}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => close()}
      />
      <ul id={listId} role="listbox" aria-label={`${label} choices`} className="entity-options" hidden={!open}>
        {open &&
          options.map((option, i) => (
            <li
              key={option.key}
              id={`${baseId}-${option.key}`}
              role="option"
              aria-selected={i === activeIndex}
              className={`entity-option entity-option-${option.kind}${i === activeIndex ? ' active' : ''}`}
              // mousedown, not click: choosing must happen before the input's blur closes the list
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(option);
              }}
            >
              {option.kind === 'entity' ? (
                <>
                  <span className="entity-option-name">{option.entity.name}</span>
                  {option.matched !== option.entity.name && <span className="entity-option-alias"> (also “{option.matched}”)</span>}
                  {option.entity.externalId && <span className="entity-option-ext"> {option.entity.externalId}</span>}
                </>
              ) : option.kind === 'create' ? (
                <>Create entity “{option.name}”</>
              ) : (
                <>Clear link</>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
