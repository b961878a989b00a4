/**
 * The team views that replace the annotate view's centre and side panels: Review (one
 * document), Agreement (the dashboard, loaded lazily with its charts) and Claims (the queue).
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { ClaimGroupsPanelProps } from '../../app/claimGroupsPanel.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AppMode } from './ModeSwitch.tsx';
import { ReviewView } from './ReviewView.tsx';
import { ClaimsQueue } from './ClaimsQueue.tsx';
import './review.css';
import './curation.css';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';

const AgreementDashboard = lazy(() => import('./AgreementDashboard.tsx'));

interface Props {
  mode: Exclude<AppMode, 'annotate'>;
  platform: Platform;
  onNotice(text: string): void;
  onMode(mode: AppMode): void;
  /** The claim-groups panel of the Claims view (features/groups, composed by App). */
  renderGroups?: (props: ClaimGroupsPanelProps) => ReactNode;
}

export function TeamView({ mode, platform, onNotice, onMode, renderGroups }: Props) {
  const workspace = useWorkspace();
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const titles = useMemo(() => new Map(state.documents.map((d) => [d.id, d.title])), [state.documents]);
  const documents = useMemo(() => new Map(state.documents.map((d) => [d.id, { title: d.title, metadata: d.meta }])), [state.documents]);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Keys typed here belong to this view, never to the annotate view's label shortcuts.
    workspace.select(null);
    if (mode !== 'review') rootRef.current?.focus();
  }, [mode, workspace]);
  if (!state.project) return null;
  if (mode === 'review') return <ReviewView workspace={workspace} state={state} onNotice={onNotice} />;
  return (
    <div
      className={`team-view team-${mode}`}
      ref={rootRef}
      tabIndex={-1}
      data-own-keys
      aria-label={mode === 'agreement' ? 'Agreement dashboard' : 'Claims review queue'}
    >
      {mode === 'agreement' ? (
        <Suspense fallback={<p className="hint">Loading the dashboard…</p>}>
          <AgreementDashboard
            dbName={workspace.db.name}
            projectId={state.project.id}
            projectName={state.project.name}
            platform={platform}
            onNotice={onNotice}
          />
        </Suspense>
      ) : (
        <ClaimsQueue
          workspace={workspace}
          projectId={state.project.id}
          reviewer={state.annotator}
          titles={titles}
          documents={documents}
          renderGroups={renderGroups}
          onOpen={(row) => {
            void workspace.openDocument(row.documentId).then(() => {
              onMode('annotate');
              workspace.select(row.id, true);
            });
          }}
        />
      )}
    </div>
  );
}
