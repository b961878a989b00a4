/**
 * The Team panel: who works on the project (everyone whose annotations, reviews or statuses are
 * in it), when each last changed something, and each annotator's status per document. A live
 * read, so teammates' progress arriving from the team server shows while it is open.
 */
import type { ReactNode } from 'react';
import { useTeamProgress } from '../../app/liveReads.ts';
import type { Workspace } from '../../app/workspace.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';

interface Props {
  workspace: Workspace;
  projectId: string;
  open: boolean;
  onClose(): void;
}

const when = (iso: string) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function TeamPanel({ workspace, projectId, open, onClose }: Props) {
  const progress = useTeamProgress(workspace.db, projectId, open);
  const annotators = progress?.members.filter((m) => progress.documents.some((d) => m.name in d.statuses)).map((m) => m.name) ?? [];
  return (
    <ModalDialog title="Team" open={open} onClose={onClose} className="team-panel">
      {!progress ? (
        <p role="status">Reading the project…</p>
      ) : progress.members.length === 0 ? (
        <p>Nobody has annotated this project yet.</p>
      ) : (
        <>
          <Table label="Members" columns={['Member', 'Last activity', 'Annotations', 'Documents done']}>
            {progress.members.map((m) => (
              <tr key={m.name}>
                <th scope="row">{m.name}</th>
                <td>{when(m.lastActivity)}</td>
                <td>{m.annotations.toLocaleString('en')}</td>
                <td>
                  {m.done.toLocaleString('en')} of {progress.documents.length.toLocaleString('en')}
                </td>
              </tr>
            ))}
          </Table>
          <div className="team-progress-scroll" role="region" aria-label="Progress per document" tabIndex={0}>
            <Table label="Progress per document" columns={['Document', ...annotators]}>
              {progress.documents.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.title}</th>
                  {annotators.map((a) => (
                    <td key={a}>{d.statuses[a] ?? 'new'}</td>
                  ))}
                </tr>
              ))}
            </Table>
          </div>
        </>
      )}
    </ModalDialog>
  );
}

/** A table named `label`, with a header row of `columns` above the rows given as children. */
function Table({ label, columns, children }: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={i}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
