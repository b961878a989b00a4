/**
 * One claim group in detail: its canonical wording and note (editable), its fact-checks, how it
 * travelled (the members by their documents' dates, with outlets, speakers and source chains, each
 * with Open), its speakers and outlets counted, and the members' wordings side by side with the
 * words that differ from the canonical wording marked. Members can be taken out, split off into a
 * new group, and other groups merged in.
 */
import { useId, useMemo, useState, type TextareaHTMLAttributes } from 'react';
import { plural } from '../../../core/model/plural.ts';
import type { ClaimGroup } from '../../../core/model/types.ts';
import { groupAppearances, speakersAndOutlets, wordingPieces, type Appearance } from '../../../core/review/claimGroupView.ts';
import type { ClaimGroupsPanelProps } from '../../app/claimGroupsPanel.ts';
import { FactChecks } from './FactChecks.tsx';
import { toggled } from '../../../core/model/sets.ts';

type Props = ClaimGroupsPanelProps & { group: ClaimGroup };

export function GroupDetail({ workspace, group, groups, claims, documents, ticked, editable, onOpen, onChooseGroup }: Props) {
  const writes = workspace.claimGroups;
  const id = useId();
  const [canonical, setCanonical] = useState(group.canonical);
  const [note, setNote] = useState(group.note);
  const [splitting, setSplitting] = useState<ReadonlySet<string>>(new Set());
  const [mergeWith, setMergeWith] = useState('');
  const { appearances, missing } = useMemo(() => groupAppearances(group, claims, documents), [group, claims, documents]);
  const { speakers, outlets } = useMemo(() => speakersAndOutlets(appearances), [appearances]);
  const memberIds = new Set(group.members.map((m) => m.annotationId as string));
  const toAdd = ticked.filter((m) => !memberIds.has(m.annotationId));
  const others = groups.filter((g) => g.id !== group.id);

  const saveWording = () => {
    if (canonical.trim() && canonical.trim() !== group.canonical) void writes.edit(group, { canonical });
  };
  const saveNote = () => {
    if (note !== group.note) void writes.edit(group, { note });
  };
  const split = async () => {
    const first = appearances.find((a) => splitting.has(a.annotationId));
    if (!first) return;
    const made = await writes.split(group, [...splitting], first.claim);
    if (made) {
      setSplitting(new Set());
      onChooseGroup(made.id);
    }
  };
  const toggleSplit = (a: Appearance, on: boolean) => setSplitting((s) => toggled(s, on, [a.annotationId]));

  return (
    <article className="group-detail" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Claim group: {group.canonical}</h2>
      <p className="hint">
        {plural(appearances.length, 'claim')} in {plural(new Set(appearances.map((a) => a.documentId)).size, 'document')}
        {missing > 0 && ` · ${plural(missing, 'claim')} no longer in the corpus`}
        {(group.removed?.length ?? 0) > 0 && ` · ${plural(group.removed!.length, 'removed claim')} to drop`} · {group.layer}’s grouping
      </p>
      <form
        className="group-field"
        onSubmit={(e) => {
          e.preventDefault();
          saveWording();
        }}
      >
        <GroupText
          id={`${id}-canonical`}
          label="Canonical wording"
          value={canonical}
          editable={editable}
          onChange={setCanonical}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              saveWording();
            }
          }}
        />
        {editable && (
          <button type="submit" disabled={!canonical.trim() || canonical.trim() === group.canonical}>
            Save wording
          </button>
        )}
      </form>
      <div className="group-field">
        <GroupText id={`${id}-note`} label="Note" value={note} editable={editable} onChange={setNote} onBlur={saveNote} />
      </div>
      <FactChecks workspace={workspace} group={group} editable={editable} />

      <h3 id={`${id}-timeline`}>Timeline</h3>
      <ol className="group-timeline" aria-labelledby={`${id}-timeline`}>
        {appearances.map((a) => (
          <li key={a.annotationId}>
            <div className="when">{a.date ? <time dateTime={a.date}>{a.date}</time> : <span className="undated">no date</span>}</div>
            <div className="what">
              <strong>{a.title}</strong>
              {a.outlet && <span className="outlet"> · {a.outlet}</span>}
              <q>{a.claim}</q>
              <span className="who">
                {a.speakers.length ? `said by ${a.speakers.join(', ')}` : 'no speaker'}
                {a.sources.length > 0 && ` · reported by ${a.sources.join(' → ')}`} · {a.layer}
              </span>
            </div>
            <div className="member-actions">
              <button
                type="button"
                onClick={() => onOpen({ documentId: a.documentId as never, annotationId: a.annotationId as never })}
                aria-label={`Open “${a.claim}” in ${a.title}`}
              >
                Open
              </button>
              {editable && (
                <>
                  <button
                    type="button"
                    onClick={() => void writes.removeFrom(group, [a.annotationId])}
                    aria-label={`Take out “${a.claim}” (${a.title}) of the group`}
                  >
                    Take out
                  </button>
                  {appearances.length > 1 && (
                    <label className="split-pick">
                      <input
                        type="checkbox"
                        aria-label={`Split “${a.claim}” (${a.title}) off into a new group`}
                        checked={splitting.has(a.annotationId)}
                        onChange={(e) => toggleSplit(a, e.target.checked)}
                      />
                      split
                    </label>
                  )}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>

      {(group.removed?.length ?? 0) > 0 && (
        <>
          <h3 id={`${id}-removed`}>Removed claims</h3>
          <p className="hint">
            Their annotations were replaced (a teammate’s newer annotations) by none, or by several, at the same place. Drop each once you
            have regrouped its claim.
          </p>
          <ul className="group-removed" aria-labelledby={`${id}-removed`}>
            {group.removed!.map((r, i) => {
              const title = documents.get(r.documentId)?.title ?? 'a document no longer here';
              return (
                <li key={`${i}-${r.quote}`}>
                  <span>
                    removed: <q>{r.quote}</q> <span className="who">({title})</span>
                  </span>
                  {editable && (
                    <button type="button" onClick={() => void writes.dropRemoved(group, i)} aria-label={`Drop removed claim “${r.quote}”`}>
                      Drop
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {editable && group.removed!.length > 1 && (
            <button type="button" onClick={() => void writes.dropRemoved(group, 'all')}>
              Drop all {group.removed!.length} removed claims
            </button>
          )}
        </>
      )}

      <h3>Speakers and outlets</h3>
      <div className="group-tallies">
        <ul aria-label="Speakers">
          {speakers.length ? (
            speakers.map((s) => <li key={s.name}>{`${s.name} (${s.count})`}</li>)
          ) : (
            <li className="undated">no speaker linked</li>
          )}
        </ul>
        <ul aria-label="Outlets">
          {outlets.length ? (
            outlets.map((s) => <li key={s.name}>{`${s.name} (${s.count})`}</li>)
          ) : (
            <li className="undated">no outlet known</li>
          )}
        </ul>
      </div>

      <h3 id={`${id}-wordings`}>Wordings</h3>
      <p className="hint">
        Against the canonical wording: <ins>added words</ins> are marked, <del>missing words</del> struck through.
      </p>
      <ul className="group-wordings" aria-labelledby={`${id}-wordings`} tabIndex={0}>
        {appearances.map((a) => (
          <li key={a.annotationId} aria-label={`Wording in ${a.title}`}>
            <span className="wording-source">{a.title}</span>
            <span className="wording">
              {wordingPieces(group.canonical, a.claim).map((p, i) =>
                p.kind === 'added' ? (
                  <ins key={i}>{p.text}</ins>
                ) : p.kind === 'missing' ? (
                  <del key={i}>{p.text}</del>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )}
            </span>
          </li>
        ))}
      </ul>

      {editable && (
        <div className="group-actions">
          {toAdd.length > 0 && (
            <button type="button" onClick={() => void writes.addTo(group, toAdd)}>
              Add the {plural(toAdd.length, 'ticked claim')}
            </button>
          )}
          {splitting.size > 0 && splitting.size < appearances.length && (
            <button type="button" onClick={() => void split()}>
              Split {plural(splitting.size, 'claim')} into a new group
            </button>
          )}
          {others.length > 0 && (
            <span className="merge">
              <select aria-label="Group to merge into this one" value={mergeWith} onChange={(e) => setMergeWith(e.target.value)}>
                <option value="">Merge another group in…</option>
                {others.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.canonical} ({plural(g.members.length, 'claim')})
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={!mergeWith}
                onClick={() => {
                  const other = others.find((g) => g.id === mergeWith);
                  if (other) void writes.merge(group, [other]).then(() => setMergeWith(''));
                }}
              >
                Merge
              </button>
            </span>
          )}
          <button type="button" className="danger" onClick={() => void writes.ungroup(group).then((done) => done && onChooseGroup(null))}>
            {group.members.length ? 'Ungroup' : 'Delete group'}
          </button>
        </div>
      )}
    </article>
  );
}

/** A two-line text of the group with its label; read-only where the grouping is not the reader's to edit. */
function GroupText({
  id,
  label,
  value,
  editable,
  onChange,
  ...events
}: { id: string; label: string; value: string; editable: boolean; onChange(value: string): void } & Pick<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'onBlur' | 'onKeyDown'
>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} value={value} readOnly={!editable} onChange={(e) => onChange(e.target.value)} {...events} />
    </>
  );
}
