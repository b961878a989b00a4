/**
 * A claim group's fact-checks (the ClaimReview fields: URL, publisher, verdict, date): the list,
 * each with Edit and Remove, and a form that adds one or saves the one being edited. The form
 * says what is wrong (an address that is not http(s), a date not written YYYY-MM-DD) before
 * anything is written.
 */
import { useId, useState } from 'react';
import type { ClaimGroup, FactCheck } from '../../../core/model/types.ts';
import { factCheckProblem } from '../../../core/model/validation.ts';
import type { Workspace } from '../../app/workspace.ts';

const BLANK: FactCheck = { url: '', publisher: '', verdict: '', date: '' };

interface Props {
  workspace: Workspace;
  group: ClaimGroup;
  editable: boolean;
}

export function FactChecks({ workspace, group, editable }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<FactCheck>(BLANK);
  const [editing, setEditing] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const field = (key: keyof FactCheck) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const submit = async () => {
    const wrong = factCheckProblem(draft);
    setProblem(wrong);
    if (wrong) return;
    const writes = workspace.claimGroups;
    const saved = editing === null ? await writes.addFactCheck(group, draft) : await writes.updateFactCheck(group, editing, draft);
    if (saved) {
      setDraft(BLANK);
      setEditing(null);
    }
  };
  return (
    <section className="fact-checks" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Fact-checks</h3>
      {group.factChecks.length === 0 ? (
        <p className="hint">No fact-check linked.</p>
      ) : (
        <ul aria-labelledby={`${id}-title`}>
          {group.factChecks.map((f, i) => (
            <li key={f.url}>
              <a href={f.url} target="_blank" rel="noopener noreferrer">
                {f.publisher || f.url}
              </a>
              {f.verdict && <strong className="verdict"> {f.verdict}</strong>}
              {f.date && <time dateTime={f.date}> {f.date}</time>}
              {editable && (
                <span className="fact-check-actions">
                  <button
                    type="button"
                    className="link"
                    aria-label={`Edit the fact-check by ${f.publisher || f.url}`}
                    onClick={() => {
                      setDraft(f);
                      setEditing(i);
                      setProblem(null);
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove the fact-check by ${f.publisher || f.url}`}
                    onClick={() => void workspace.claimGroups.removeFactCheck(group, i)}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form
          className="fact-check-form"
          aria-label={editing === null ? 'Add a fact-check' : 'Edit the fact-check'}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={`${id}-url`}>URL</label>
          <input type="url" placeholder="https://…" {...field('url')} />
          <label htmlFor={`${id}-publisher`}>Publisher</label>
          <input type="text" {...field('publisher')} />
          <label htmlFor={`${id}-verdict`}>Verdict</label>
          <input type="text" placeholder="False, Misleading …" {...field('verdict')} />
          <label htmlFor={`${id}-date`}>Date</label>
          <input type="text" placeholder="YYYY-MM-DD" {...field('date')} />
          {problem && (
            <p role="alert" className="problem">
              {problem}
            </p>
          )}
          <div className="form-actions">
            <button type="submit">{editing === null ? 'Add fact-check' : 'Save fact-check'}</button>
            {editing !== null && (
              <button
                type="button"
                onClick={() => {
                  setDraft(BLANK);
                  setEditing(null);
                  setProblem(null);
                }}
              >
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
