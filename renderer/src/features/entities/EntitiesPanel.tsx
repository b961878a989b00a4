/**
 * The side panel's "Entities" tab: the project's entity registry with mention counts across the
 * corpus, aliases (manual ones plus the distinct texts of the mentions), external ids; rename,
 * merge (tick two or more), split (move chosen mentions to a new entity), delete, and suggested
 * groupings ("Clinton" + "Hillary Clinton"), which are offered and never applied by themselves.
 */
import { useMemo, useState } from 'react';
import { checkExternalId, displayAliases, entityIdOf, findEntities, suggestGroups } from '../../../core/model/entities.ts';
import type { Annotation, Entity } from '../../../core/model/types.ts';
import { useEntities, useMentions } from '../../app/liveReads.ts';
import { SearchField } from '../../components/SearchField.tsx';
import { createEntity, deleteEntity, mergeEntities, splitEntity, updateEntity, type EntityContext } from '../../db/entities.ts';
import './entities.css';
import { plural } from '../../../core/model/plural.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import { Options } from '../../components/Options.tsx';
import { toggled } from '../../../core/model/sets.ts';
import type { ByDocument } from '../../../core/corpus/browse.ts';

interface Props {
  projectId: string;
  documentTitles: ByDocument<string>;
  onNotice(message: string): void;
}

export function EntitiesPanel({ projectId, documentTitles, onNotice }: Props) {
  const workspace = useWorkspace();
  const entities = useEntities(workspace.db, projectId);
  const mentions = useMentions(workspace.db, projectId);
  const [query, setQuery] = useState('');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [expanded, setExpanded] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [newName, setNewName] = useState('');

  const mentionsOf = useMemo(() => {
    const map = new Map<string, Annotation[]>();
    for (const m of mentions ?? []) {
      const id = entityIdOf(m.attributes)!;
      const list = map.get(id) ?? [];
      list.push(m);
      map.set(id, list);
    }
    return map;
  }, [mentions]);

  const shown = useMemo(() => (entities ? findEntities(entities, query).map((m) => m.entity) : []), [entities, query]);
  const suggestions = useMemo(
    () => (entities ? suggestGroups(entities).filter((s) => !dismissed.has([s.keepId, ...s.mergeIds].join('|'))) : []),
    [entities, dismissed],
  );

  const ctx = (): EntityContext => {
    const s = workspace.getState();
    return { projectId, documentId: s.doc?.id ?? '', by: s.annotator };
  };
  const byId = new Map((entities ?? []).map((e) => [e.id as string, e]));
  const count = (id: string) => mentionsOf.get(id)?.length ?? 0;
  const mentionsWord = (n: number) => plural(n, 'mention');

  const merge = async (intoId: string, otherIds: string[]) => {
    const into = byId.get(intoId);
    if (!into) return;
    const result = await workspace.writeProject(`Merge into ${into.name}`, () => mergeEntities(workspace.db, ctx(), intoId, otherIds));
    if (result) {
      setChecked(new Set());
      onNotice(
        `Merged ${otherIds.length + 1} entities into ${into.name}: ${mentionsWord(count(intoId) + otherIds.reduce((n, id) => n + count(id), 0))}.`,
      );
    }
  };

  if (!entities || !mentions) return <p className="muted entities-panel">Loading entities…</p>;

  const checkedList = [...checked].filter((id) => byId.has(id));

  return (
    <div className="entities-panel">
      <div className="entities-toolbar">
        <SearchField label="Find entities by name or alias" placeholder="Find an entity…" value={query} onChange={setQuery} />
      </div>
      <form
        className="entities-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newName.trim();
          if (!name) return;
          void workspace
            .writeProject(`Create entity ${name}`, () => createEntity(workspace.db, ctx(), { name }))
            .then((created) => {
              if (created) setNewName('');
            });
        }}
      >
        <input aria-label="New entity name" placeholder="New entity name" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button type="submit" disabled={!newName.trim()}>
          Add entity
        </button>
      </form>

      {suggestions.length > 0 && (
        <section className="entity-suggestions" aria-labelledby="entity-suggestions-heading">
          <h3 id="entity-suggestions-heading">Possibly the same</h3>
          <ul>
            {suggestions.map((s) => {
              const key = [s.keepId, ...s.mergeIds].join('|');
              const keep = byId.get(s.keepId)!;
              return (
                <li key={key}>
                  <span>{s.reason}</span>
                  <span>
                    <button
                      type="button"
                      onClick={() => void merge(s.keepId, s.mergeIds)}
                      aria-label={`Merge into ${keep.name}: ${s.reason}`}
                    >
                      Merge
                    </button>{' '}
                    <button type="button" onClick={() => setDismissed(new Set([...dismissed, key]))} aria-label={`Dismiss: ${s.reason}`}>
                      Dismiss
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {checkedList.length >= 2 && (
        <MergeBar
          entities={checkedList.map((id) => byId.get(id)!)}
          counts={count}
          onMerge={(into) =>
            void merge(
              into,
              checkedList.filter((id) => id !== into),
            )
          }
          onCancel={() => setChecked(new Set())}
        />
      )}

      {entities.length === 0 ? (
        <p className="muted">No entities yet. Link a speaker or source to one from its entity field, or add one above.</p>
      ) : (
        <ul className="entity-list" aria-label="Entities">
          {shown.map((e) => {
            const list = mentionsOf.get(e.id) ?? [];
            const aliases = displayAliases(
              e,
              list.map((m) => m.quote),
            );
            const open = expanded === e.id;
            return (
              <li key={e.id} className={`entity-row${open ? ' expanded' : ''}`} data-entity={e.name}>
                <input
                  type="checkbox"
                  aria-label={`Select ${e.name} for merging`}
                  checked={checked.has(e.id)}
                  onChange={(ev) => setChecked(toggled(checked, ev.target.checked, [e.id]))}
                />
                <button type="button" className="entity-name" aria-expanded={open} onClick={() => setExpanded(open ? null : e.id)}>
                  {e.name}
                </button>
                <span className="entity-count" data-testid="entity-count">
                  {mentionsWord(list.length)}
                </span>
                {(aliases.length > 0 || e.externalId) && (
                  <span className="entity-aliases">
                    {aliases.length > 0 && <>also {aliases.map((a) => `“${a}”`).join(', ')}</>}
                    {e.externalId && (
                      <>
                        {aliases.length > 0 && ' · '}
                        <span className="entity-ext">{e.externalId}</span>
                      </>
                    )}
                  </span>
                )}
                {open && (
                  <EntityEditor
                    key={`${e.id}-${e.updatedAt}`}
                    entity={e}
                    mentions={list}
                    documentTitles={documentTitles}
                    ctx={ctx}
                    onNotice={onNotice}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function MergeBar({
  entities,
  counts,
  onMerge,
  onCancel,
}: {
  entities: Entity[];
  counts(id: string): number;
  onMerge(intoId: string): void;
  onCancel(): void;
}) {
  const fullest = [...entities].sort((a, b) => b.name.length - a.name.length || counts(b.id) - counts(a.id))[0]!;
  const [into, setInto] = useState(fullest.id as string);
  const target = entities.some((e) => e.id === into) ? into : fullest.id;
  return (
    <div className="entities-toolbar" role="group" aria-label="Merge selected entities">
      <label>
        Merge {entities.length} into{' '}
        <select value={target} onChange={(e) => setInto(e.target.value)} aria-label="Entity to keep">
          <Options of={entities} />
        </select>
      </label>
      <button type="button" className="primary" onClick={() => onMerge(target)}>
        Merge
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function EntityEditor({
  entity,
  mentions,
  documentTitles,
  ctx,
  onNotice,
}: {
  entity: Entity;
  mentions: Annotation[];
  documentTitles: ByDocument<string>;
  ctx(): EntityContext;
  onNotice(message: string): void;
}) {
  const workspace = useWorkspace();
  const [name, setName] = useState(entity.name);
  const [aliases, setAliases] = useState(entity.aliases.join(', '));
  const [externalId, setExternalId] = useState(entity.externalId ?? '');
  const [splitIds, setSplitIds] = useState<Set<string>>(new Set());
  const [splitName, setSplitName] = useState('');
  const extCheck = checkExternalId(externalId);
  const nameError = name.trim() === '' ? 'An entity needs a name.' : null;
  const base = `entity-${entity.id}`;

  const save = () => {
    if (nameError || !extCheck.ok) return;
    void workspace.writeProject(`Edit entity ${name.trim()}`, () =>
      updateEntity(workspace.db, ctx(), entity.id, {
        name,
        aliases: aliases
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        externalId,
      }),
    );
  };

  const goTo = async (m: Annotation) => {
    if (workspace.getState().doc?.id !== m.documentId) await workspace.openDocument(m.documentId);
    workspace.select(m.id, true);
  };

  return (
    <form
      className="entity-edit"
      aria-label={`Edit ${entity.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameError !== null}
          aria-describedby={nameError ? `${base}-name-err` : undefined}
        />
        {nameError && (
          <span id={`${base}-name-err`} className="field-error">
            {nameError}
          </span>
        )}
      </label>
      <label>
        Aliases (comma-separated; mention texts are added automatically)
        <input value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </label>
      <label>
        External id (e.g. Wikidata Q167963)
        <input
          value={externalId}
          onChange={(e) => setExternalId(e.target.value)}
          aria-invalid={!extCheck.ok}
          aria-describedby={!extCheck.ok ? `${base}-ext-err` : undefined}
        />
        {!extCheck.ok && (
          <span id={`${base}-ext-err`} className="field-error" role="alert">
            {extCheck.message}
          </span>
        )}
      </label>
      <div className="entity-edit-actions">
        <button type="submit" className="primary" disabled={nameError !== null || !extCheck.ok}>
          Save entity
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            const n = mentions.length;
            if (n > 0 && !window.confirm(`Delete ${entity.name}? ${plural(n, 'mention')} will no longer be linked to an entity.`)) return;
            void workspace.writeProject(`Delete entity ${entity.name}`, () => deleteEntity(workspace.db, ctx(), entity.id));
          }}
        >
          Delete entity
        </button>
      </div>
      {mentions.length > 0 && (
        <fieldset className="doc-attr">
          <legend>Mentions</legend>
          <ul className="entity-mentions">
            {mentions.map((m) => (
              <li key={m.id}>
                <label className="doc-choice">
                  <input
                    type="checkbox"
                    checked={splitIds.has(m.id)}
                    onChange={(e) => setSplitIds(toggled(splitIds, e.target.checked, [m.id]))}
                  />
                  “{m.quote}”{' '}
                  <span className="muted">
                    ({m.label}, {documentTitles.get(m.documentId) ?? 'document'}, {m.layer})
                  </span>
                </label>{' '}
                <button
                  type="button"
                  onClick={() => void goTo(m)}
                  aria-label={`Go to “${m.quote}” in ${documentTitles.get(m.documentId) ?? 'its document'}`}
                >
                  Go to
                </button>
              </li>
            ))}
          </ul>
          {splitIds.size > 0 && (
            <div className="entity-edit-actions">
              <input
                aria-label="Name of the new entity"
                placeholder="New entity name"
                value={splitName}
                onChange={(e) => setSplitName(e.target.value)}
              />
              <button
                type="button"
                disabled={!splitName.trim()}
                onClick={() =>
                  void workspace
                    .writeProject(`Split ${entity.name}`, () => splitEntity(workspace.db, ctx(), entity.id, [...splitIds], splitName))
                    .then((created) => {
                      if (created) onNotice(`Moved ${plural(splitIds.size, 'mention')} to ${created.name}.`);
                    })
                }
              >
                Split off {plural(splitIds.size, 'mention')}
              </button>
            </div>
          )}
        </fieldset>
      )}
    </form>
  );
}
