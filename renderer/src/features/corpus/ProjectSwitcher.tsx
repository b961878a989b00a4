import { useCallback, useState } from 'react';
import type { Project } from '../../../core/model/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useProjects } from '../../app/liveReads.ts';
import { countDocuments, createProject, deleteProject, renameProject } from '../../db/corpus.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { pluralCount } from '../../../core/model/plural.ts';
import { Options } from '../../components/Options.tsx';

interface Props {
  workspace: Workspace;
  project: Project;
}

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'rename' } | { kind: 'delete'; documents: number };

/** Project switcher: switch, create (default schema), rename, delete with confirmation. */
export function ProjectSwitcher({ workspace, project }: Props) {
  const db = workspace.db;
  const projects = useProjects(db) ?? [project];
  projects.sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [name, setName] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const [error, setError] = useState('');
  const close = useCallback(() => {
    setOpen({ kind: 'none' });
    setError('');
  }, []);

  const switchTo = (id: string) => {
    if (id !== project.id) void workspace.openProject(id);
  };

  /** The name dialog's submit: creates a project (and opens it) or renames this one. */
  const submitName = async () => {
    const trimmed = name.trim();
    if (!trimmed) return setError('A project needs a name.');
    if (open.kind === 'create') {
      // The schema module (and its validator) loads when a project is first created, not at start.
      const { DEFAULT_SCHEMA } = await import('../../../core/model/schema.ts');
      const created = await workspace.writeCorpus(`Create project ${trimmed}`, () => createProject(db, trimmed, DEFAULT_SCHEMA));
      if (!created) return setError('The project was not created; see the status line.');
      close();
      await workspace.openProject(created.id);
    } else {
      const renamed = await workspace.writeCorpus(`Rename project to ${trimmed}`, () => renameProject(db, project.id, trimmed));
      if (!renamed) return setError('The project was not renamed; see the status line.');
      close();
    }
  };

  const startDelete = async () => {
    setConfirmName('');
    setOpen({ kind: 'delete', documents: await countDocuments(db, project.id) });
  };

  const submitDelete = async () => {
    if (open.kind !== 'delete') return;
    if (open.documents > 0 && confirmName !== project.name) return setError('Type the project name exactly to confirm.');
    const next = projects.find((p) => p.id !== project.id);
    if (!next) return;
    const deletedName = project.name;
    // Open the next project first, so the write below reloads the project that stays.
    await workspace.openProject(next.id);
    const done = await workspace.writeCorpus(`Delete project ${deletedName}`, async () => {
      await deleteProject(db, project.id);
      return true;
    });
    if (!done) return setError('The project was not deleted; see the status line.');
    close();
  };

  const deleting = open.kind === 'delete' ? open : null;
  const canDelete = projects.length > 1;

  return (
    <div className="project-switcher">
      <label className="project-select">
        <span className="visually-hidden">Project</span>
        <select aria-label="Project" value={project.id} onChange={(e) => switchTo(e.target.value)}>
          <Options of={projects} />
        </select>
      </label>
      <div className="project-actions">
        <button
          type="button"
          onClick={() => {
            setName('');
            setOpen({ kind: 'create' });
          }}
        >
          New project
        </button>
        <button
          type="button"
          onClick={() => {
            setName(project.name);
            setOpen({ kind: 'rename' });
          }}
        >
          Rename
        </button>
        <button
          type="button"
          className="danger"
          disabled={!canDelete}
          title={canDelete ? `Delete ${project.name}` : 'The only project cannot be deleted; create another first.'}
          onClick={() => void startDelete()}
        >
          Delete
        </button>
      </div>

      <ModalDialog
        className="form-dialog"
        title={open.kind === 'rename' ? 'Rename project' : 'New project'}
        open={open.kind === 'create' || open.kind === 'rename'}
        onClose={close}
        onSubmit={() => void submitName()}
      >
        {open.kind === 'create' && <p>The new project starts with the default schema (Claim, Speaker, Source, Cue).</p>}
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <DialogActions error={error} onCancel={close}>
          <button type="submit" className="primary">
            {open.kind === 'rename' ? 'Rename' : 'Create project'}
          </button>
        </DialogActions>
      </ModalDialog>

      <ModalDialog
        className="form-dialog"
        title="Delete project"
        open={deleting !== null}
        onClose={close}
        onSubmit={() => void submitDelete()}
      >
        {deleting && (
          <>
            <p>
              Delete the project <strong>{project.name}</strong> and its <strong>{pluralCount(deleting.documents, 'document')}</strong> with
              all their annotations? This cannot be undone.
            </p>
            {deleting.documents > 0 && (
              <label className="field">
                Type the project name to confirm
                <input autoFocus value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
              </label>
            )}
            <DialogActions error={error} onCancel={close} cancelAutoFocus={deleting.documents === 0}>
              <button type="submit" className="danger" disabled={deleting.documents > 0 && confirmName !== project.name}>
                Delete project
              </button>
            </DialogActions>
          </>
        )}
      </ModalDialog>
    </div>
  );
}
