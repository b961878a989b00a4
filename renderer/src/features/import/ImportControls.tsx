/**
 * Everything that starts an import, in one place for the top bar: the Import button, the desktop
 * menu's "Open files…"/"Open folder…" commands, and files dropped onto the window. After an import
 * (or a cancelled one) the workspace reloads the project's schema and document list.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Workspace } from '../../app/workspace.ts';
import type { InputFile, Platform } from '../../platform/platform.ts';
import { DropZone } from './DropZone.tsx';
import { ImportDialog, type ImportRequest } from './ImportDialog.tsx';

export function ImportControls({ workspace, platform }: { workspace: Workspace; platform: Platform }) {
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const [request, setRequest] = useState<ImportRequest | null>(null);

  useEffect(
    () =>
      platform.onMenuCommand((command) => {
        if (command === 'open-files') setRequest({ kind: 'files' });
        else if (command === 'open-folder') setRequest({ kind: 'folder' });
      }),
    [platform],
  );

  const onDropped = useCallback((files: InputFile[]) => setRequest({ kind: 'dropped', files }), []);
  const onRefused = useCallback((message: string) => setRequest({ kind: 'refused', message }), []);
  const onClose = useCallback(() => setRequest(null), []);
  const onImported = useCallback(() => void workspace.refreshDocuments(), [workspace]);
  const project = state.project;
  if (!project) return null;

  return (
    <>
      <button type="button" onClick={() => setRequest({ kind: 'dialog' })} aria-haspopup="dialog" title="Import documents (files, a folder, or drop them onto the window)">
        Import
      </button>
      <DropZone onFiles={onDropped} onRefused={onRefused} disabled={request !== null} />
      <ImportDialog
        request={request}
        platform={platform}
        dbName={workspace.db.name}
        projectId={project.id}
        projectName={project.name}
        annotator={state.annotator}
        onClose={onClose}
        onImported={onImported}
      />
    </>
  );
}
