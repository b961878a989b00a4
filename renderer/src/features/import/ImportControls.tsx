/**
 * The top bar's import controls: the Import button, files dropped onto the window, and the import
 * dialog. The desktop menu's "Open files…"/"Open folder…" reach it through the action registry
 * (App owns the request). After an import (or a cancelled one) the workspace reloads the
 * project's schema and document list.
 */
import { lazy, useCallback, useSyncExternalStore } from 'react';
import type { Workspace } from '../../app/workspace.ts';
import type { InputFile, Platform } from '../../platform/platform.ts';
import { DropZone } from './DropZone.tsx';
import type { ImportRequest } from './ImportDialog.tsx';
import { OnceOpened } from '../../components/OnceOpened.tsx';

// The dialog and the formats it reads load with the first import.
const ImportDialog = lazy(() => import('./ImportDialog.tsx').then((m) => ({ default: m.ImportDialog })));

interface Props {
  workspace: Workspace;
  platform: Platform;
  request: ImportRequest | null;
  onRequest(request: ImportRequest | null): void;
}

export function ImportControls({ workspace, platform, request, onRequest: setRequest }: Props) {
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);

  const onDropped = useCallback((files: InputFile[]) => setRequest({ kind: 'dropped', files }), [setRequest]);
  const onRefused = useCallback((message: string) => setRequest({ kind: 'refused', message }), [setRequest]);
  const onClose = useCallback(() => setRequest(null), [setRequest]);
  const onImported = useCallback(() => void workspace.refreshDocuments(), [workspace]);
  const project = state.project;
  if (!project) return null;

  return (
    <>
      <button
        type="button"
        onClick={() => setRequest({ kind: 'dialog' })}
        aria-haspopup="dialog"
        title="Import documents (files, a folder, or drop them onto the window)"
      >
        Import
      </button>
      <DropZone onFiles={onDropped} onRefused={onRefused} disabled={request !== null} />
      <OnceOpened open={request !== null}>
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
      </OnceOpened>
    </>
  );
}
