import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { SUGGESTIONS_LAYER, type Span } from '../core/model/types.ts';
import { isRejected } from '../core/suggest/records.ts';
import { lazyByDocument } from '../core/corpus/browse.ts';
import type { Workspace } from './app/workspace.ts';
import type { Platform } from './platform/platform.ts';
import { StorageBanner } from './features/storage/StorageBanner.tsx';
import type { StorageStatusStore } from './features/storage/storageStatus.ts';
import { LabelToolbar } from './features/annotate/LabelToolbar.tsx';
import { AnnotationsPanel } from './features/annotate/AnnotationsPanel.tsx';
import { CorpusBrowser } from './features/corpus/CorpusBrowser.tsx';
import { DocumentMetadataPanel } from './features/corpus/DocumentMetadataPanel.tsx';
import { SaveStatus } from './components/SaveStatus.tsx';
import { NotificationHistory, NotificationsProvider } from './components/Notifications.tsx';
import type { ArticleView } from './editor/ArticleEditor.tsx';
import { AnnotateUiContext, linkByAltClick, type AnnotateUi } from './features/annotate/annotateUi.tsx';
import { FindBar, type FindApi } from './features/annotate/FindBar.tsx';
import { LinkPicker } from './features/annotate/LinkPicker.tsx';
import { ShortcutSheet } from './features/annotate/ShortcutSheet.tsx';
import { LayerSwitch, useLayers } from './features/annotate/LayerBadge.tsx';
import { annotationsInView } from '../core/review/layerView.ts';
import { useAnnotateShortcuts } from './features/annotate/useAnnotateShortcuts.ts';
import { WorkspaceContext } from './app/WorkspaceContext.tsx';
import { SideTabs } from './components/SideTabs.tsx';
import { AnnotatorControl } from './features/review/AnnotatorControl.tsx';
import { TeamActions } from './features/review/TeamActions.tsx';
import { ModeSwitch, type AppMode } from './features/review/ModeSwitch.tsx';
import type { ClaimGroupsPanelProps } from './app/claimGroupsPanel.ts';
import { BlindToggle } from './features/review/BlindToggle.tsx';
import { useBlindMode } from './features/review/useBlindMode.ts';
import { ImportControls } from './features/import/ImportControls.tsx';
import { suggestDocument } from './suggest/suggestActions.ts';
import { computeSuggestions } from './suggest/suggestClient.ts';
import type { ImportRequest } from './features/import/ImportDialog.tsx';
import { applyLabel as applyLabelAction, runAction, type ActionContext } from './app/actions.ts';
import { TeamServer } from './features/team/TeamServer.tsx';
import { OnceOpened } from './components/OnceOpened.tsx';
import { comparesLayers, keepPacksBuilt } from './db/annotationPacksRebuild.ts';
// Every feature's styles stay in the first stylesheet (about 40 kB), also those of the parts that
// load on first use: rules in them style parts drawn at start (the side tabs in document.css, the
// menus and the view switch in review.css, the drop zone in import.css).
import './features/document/document.css';
import './features/review/review.css';
import './features/review/curation.css';
import './features/review/sameClaim.css';
import './features/import/import.css';
import './features/entities/entities.css';
import './features/schema/schema.css';
import './features/groups/groups.css';
import './features/export/export.css';
import './features/export/backup.css';
import { SchemaEditor } from './features/schema/SchemaEditor.tsx';

interface Props {
  workspace: Workspace;
  platform: Platform;
  /** The storage banner's state (persistence, storage full, upgrades elsewhere, count alarms). */
  storage?: StorageStatusStore;
}

// What the corpus list does not need loads on first use (the editor as soon as a document is
// shown, after the list), so the start parses and runs only the list's code.
const parts = {
  editor: () => import('./editor/ArticleEditor.tsx'),
  teamView: () => import('./features/review/TeamView.tsx'),
  claimGroups: () => import('./features/groups/ClaimGroupsPanel.tsx'),
  exportDialog: () => import('./features/export/ExportDialog.tsx'),
  teamPanel: () => import('./features/team/TeamPanel.tsx'),
  documentPanel: () => import('./features/document/DocumentPanel.tsx'),
  entitiesPanel: () => import('./features/entities/EntitiesPanel.tsx'),
  backupBanner: () => import('./features/export/BackupBanner.tsx'),
};
const ArticleEditor = lazy(() => parts.editor().then((m) => ({ default: m.ArticleEditor })));
const TeamView = lazy(() => parts.teamView().then((m) => ({ default: m.TeamView })));
const ClaimGroupsPanel = lazy(() => parts.claimGroups().then((m) => ({ default: m.ClaimGroupsPanel })));
const ExportDialog = lazy(() => parts.exportDialog().then((m) => ({ default: m.ExportDialog })));
const TeamPanel = lazy(() => parts.teamPanel().then((m) => ({ default: m.TeamPanel })));
const DocumentPanel = lazy(() => parts.documentPanel().then((m) => ({ default: m.DocumentPanel })));
const EntitiesPanel = lazy(() => parts.entitiesPanel().then((m) => ({ default: m.EntitiesPanel })));
const BackupBanner = lazy(() => parts.backupBanner().then((m) => ({ default: m.BackupBanner })));

/** How long after the project's whole list is read the parts below are fetched (the open document is drawn first). */
const PREFETCH_AFTER_MS = 2000;

/**
 * Two seconds after the project's whole list is read, when the window is idle, everything that
 * loads on first use is fetched: a dialog then opens at once, and still opens when the web
 * build's server can no longer be reached (offline). The modules other parts load on first use
 * come with them (the import dialog, the format registry, the schema, review bundles, the team
 * server's calls).
 */
function prefetchParts(): void {
  const rest = [
    () => import('./features/import/ImportDialog.tsx'),
    () => import('../core/formats/registry.ts'),
    () => import('../core/model/schema.ts'),
    () => import('./db/review.ts'),
    () => import('./sync/remote.ts'),
    () => import('./sync/engine.ts'),
  ];
  for (const load of [...Object.values(parts), ...rest]) void load().catch(() => undefined);
}

const HISTORY_BUTTONS = [
  { id: 'undo', label: 'Undo', keys: 'Ctrl+Z', aria: 'Control+Z' },
  { id: 'redo', label: 'Redo', keys: 'Ctrl+Shift+Z', aria: 'Control+Shift+Z' },
] as const;

/** The Claims view's groups panel: features do not import each other, so App composes it in. */
const renderClaimGroups = (props: ClaimGroupsPanelProps) => (
  <Suspense fallback={<p className="hint">Loading the claim groups…</p>}>
    <ClaimGroupsPanel {...props} />
  </Suspense>
);

export function App({ workspace, platform, storage }: Props) {
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const { project, doc, labels, annotations, selectedId } = state;
  const selectionReader = useRef<(() => Span | null) | null>(null);
  const [notice, setNotice] = useState('');
  // Side panel tab and the schema editor (issue #3).
  const [sideTab, setSideTab] = useState('annotations');
  const [schemaOpen, setSchemaOpen] = useState(false);
  const [teamServerOpen, setTeamServerOpen] = useState(false);
  const [teamPanelOpen, setTeamPanelOpen] = useState(false);
  const documentTitles = useMemo(() => lazyByDocument(state.documents, (d) => d.title), [state.documents]);
  // Team review (issue #6): the view shown (Alt+1…4) and blind mode's filter of other layers.
  const [mode, setMode] = useState<AppMode>('annotate');
  const blind = useBlindMode(workspace, doc?.id ?? null, state.annotator, annotations);
  // Rejected suggestions stay in the database (so they are not proposed again) but are not shown.
  const unrejected = useMemo(() => blind.visible.filter((a) => !(a.layer === SUGGESTIONS_LAYER && isRejected(a))), [blind.visible]);
  // The layer switch narrows what blind mode lets through (mine, a teammate's, all).
  const layers = useLayers(unrejected, state.annotator);
  const shown = useMemo(
    () => annotationsInView(unrejected, state.layerView, state.annotator),
    [unrejected, state.layerView, state.annotator],
  );
  const [suggesting, setSuggesting] = useState(false);
  const onSuggest = useCallback(() => {
    setSuggesting(true);
    void suggestDocument(workspace, computeSuggestions)
      .then((n) => {
        if (n !== undefined)
          setNotice(
            n
              ? `${n} suggestions, drawn dashed: select one and press Enter to accept it, Backspace to reject it, Shift+Enter to accept all of its label.`
              : 'No new suggestions for this document.',
          );
      })
      .catch((err: unknown) => setNotice(`Suggest failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => setSuggesting(false));
  }, [workspace]);

  // Export opens the export dialog (format, scope, loss report, progress); Import its own.
  const [exportOpen, setExportOpen] = useState(false);
  const [importRequest, setImportRequest] = useState<ImportRequest | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);

  // Every key, menu command and toolbar action dispatches through the action registry
  // (app/actions.ts) with this context.
  const viewRef = useRef<ArticleView | null>(null);
  const findRef = useRef<FindApi | null>(null);
  const ui = useMemo<AnnotateUi>(
    () => ({ view: viewRef, readSelection: () => selectionReader.current?.() ?? null, notice: setNotice }),
    [],
  );
  const actions = useMemo<ActionContext>(
    () => ({
      workspace,
      ui,
      find: findRef,
      open: (surface) => {
        if (surface === 'export') setExportOpen(true);
        else if (surface === 'shortcuts') setSheetOpen(true);
        else setImportRequest({ kind: surface === 'import-files' ? 'files' : 'folder' });
      },
      showView: setMode,
    }),
    [workspace, ui],
  );
  useAnnotateShortcuts(actions);
  useEffect(() => platform.onMenuCommand((command) => void runAction(command, actions)), [platform, actions]);
  const applyLabel = useCallback((label: string) => applyLabelAction(actions, label), [actions]);
  const onAltClickAnnotation = useCallback((id: string) => linkByAltClick(workspace, ui, id), [workspace, ui]);

  const onSelectAnnotation = useCallback((id: string | null) => workspace.select(id), [workspace]);
  const panelSelect = useCallback((id: string) => workspace.select(id, true), [workspace]);
  const panelRelabel = useCallback((id: string, label: string) => void workspace.relabel(id, label), [workspace]);
  const panelDelete = useCallback((id: string) => void workspace.deleteAnnotation(id), [workspace]);

  const listed = project !== null && state.documentsPending === 0;
  useEffect(() => {
    if (!listed) return undefined;
    let idle = 0;
    const later = setTimeout(() => (idle = requestIdleCallback(prefetchParts, { timeout: 5000 })), PREFETCH_AFTER_MS);
    return () => {
      clearTimeout(later);
      cancelIdleCallback(idle);
    };
  }, [listed]);

  // The Agreement view's annotation packs, rebuilt at idle time after bulk writes drop them.
  const agreementMatters = useMemo(() => listed && comparesLayers(state.documents), [listed, state.documents]);
  const projectId = project?.id;
  useEffect(
    () => (projectId && agreementMatters ? keepPacksBuilt(workspace.db, projectId) : undefined),
    [workspace, projectId, agreementMatters],
  );

  if (!project) return <p className="loading">Opening Claimscope…</p>;

  return (
    <WorkspaceContext.Provider value={workspace}>
      <AnnotateUiContext.Provider value={ui}>
        <NotificationsProvider>
          <div className="app">
            <header className="topbar">
              <span className="brand">Claimscope</span>
              <ModeSwitch mode={mode} onChange={setMode} />
              <SaveStatus save={state.save} />
              <p className="notice" role="status" aria-live="polite">
                {notice}
              </p>
              <div className="topbar-actions">
                <AnnotatorControl workspace={workspace} annotator={state.annotator} onNotice={setNotice} />
                <TeamActions
                  workspace={workspace}
                  platform={platform}
                  projectId={project.id}
                  annotator={state.annotator}
                  onTeamServer={() => setTeamServerOpen(true)}
                  onTeamPanel={() => setTeamPanelOpen(true)}
                />
                <OnceOpened open={teamPanelOpen}>
                  <TeamPanel workspace={workspace} projectId={project.id} open={teamPanelOpen} onClose={() => setTeamPanelOpen(false)} />
                </OnceOpened>
                <TeamServer
                  host={platform.teamServer}
                  project={project}
                  onNotice={setNotice}
                  open={teamServerOpen}
                  onClose={() => setTeamServerOpen(false)}
                />
                <NotificationHistory />
                <ImportControls workspace={workspace} platform={platform} request={importRequest} onRequest={setImportRequest} />
                <button type="button" onClick={() => setSchemaOpen(true)} aria-haspopup="dialog">
                  Schema
                </button>
                {HISTORY_BUTTONS.map(({ id, label, keys, aria }) => (
                  <button
                    key={id}
                    type="button"
                    onClick={() => runAction(id, actions)}
                    disabled={!state.history[id]}
                    aria-keyshortcuts={aria}
                    title={state.history[id] ? `${label}: ${state.history[id]} (${keys})` : `Nothing to ${id}`}
                  >
                    {label}
                  </button>
                ))}
                <button type="button" className="primary" onClick={() => runAction('export', actions)}>
                  Export
                </button>
              </div>
            </header>
            {storage && <StorageBanner status={storage} />}
            <CorpusBrowser
              workspace={workspace}
              project={project}
              documents={state.documents}
              pending={state.documentsPending}
              openId={doc?.id ?? null}
              annotator={state.annotator}
            />
            {mode === 'annotate' ? (
              <>
                <main className="workspace">
                  <LabelToolbar
                    labels={labels}
                    snapToWords={state.snapToWords}
                    onApply={applyLabel}
                    onToggleSnap={(on) => workspace.setSnapToWords(on)}
                    onSuggest={doc ? onSuggest : undefined}
                    suggesting={suggesting}
                  />
                  {doc && <FindBar text={doc.text} view={viewRef} apiRef={findRef} />}
                  <div className="article-scroll" data-testid="article-scroll">
                    {doc ? (
                      <Suspense fallback={<p className="loading">Opening the document…</p>}>
                        <ArticleEditor
                          doc={doc}
                          labels={labels}
                          annotations={shown}
                          selectedId={selectedId}
                          revealSeq={state.revealSeq}
                          onSelectAnnotation={onSelectAnnotation}
                          selectionReader={selectionReader}
                          onRendered={workspace.rendered}
                          relations={state.relations}
                          onAltClickAnnotation={onAltClickAnnotation}
                          viewRef={viewRef}
                        />
                      </Suspense>
                    ) : (
                      <p className="empty">This project has no documents yet.</p>
                    )}
                  </div>
                </main>
                <aside className="side">
                  <SideTabs
                    label="Side panel"
                    selected={sideTab}
                    onSelect={setSideTab}
                    tabs={[
                      {
                        id: 'annotations',
                        label: 'Annotations',
                        content: doc && (
                          <>
                            <BlindToggle workspace={workspace} doc={doc} mode={blind} onNotice={setNotice} />
                            <LayerSwitch workspace={workspace} layers={layers} annotator={state.annotator} />
                            <AnnotationsPanel
                              doc={doc}
                              loading={state.annotationsFor !== doc.id}
                              labels={labels}
                              annotator={layers.length > 1 ? state.annotator : null}
                              annotations={shown}
                              selectedId={selectedId}
                              onSelect={panelSelect}
                              onRelabel={panelRelabel}
                              onDelete={panelDelete}
                            />
                          </>
                        ),
                      },
                      {
                        id: 'document',
                        label: 'Document',
                        content: doc && (
                          <Suspense fallback={<p className="hint">Loading…</p>}>
                            <DocumentPanel
                              doc={doc}
                              schema={project.schema}
                              annotator={state.annotator}
                              onNotice={setNotice}
                              onJump={() => setSideTab('annotations')}
                              metadata={<DocumentMetadataPanel workspace={workspace} doc={doc} />}
                            />
                          </Suspense>
                        ),
                      },
                      {
                        id: 'entities',
                        label: 'Entities',
                        content: (
                          <Suspense fallback={<p className="hint">Loading…</p>}>
                            <EntitiesPanel projectId={project.id} documentTitles={documentTitles} onNotice={setNotice} />
                          </Suspense>
                        ),
                      },
                    ]}
                  />
                </aside>
              </>
            ) : (
              <Suspense fallback={<p className="loading">Opening the view…</p>}>
                <TeamView mode={mode} platform={platform} onNotice={setNotice} onMode={setMode} renderGroups={renderClaimGroups} />
              </Suspense>
            )}
            <OnceOpened open={exportOpen}>
              <ExportDialog open={exportOpen} platform={platform} onClose={() => setExportOpen(false)} onDone={setNotice} />
            </OnceOpened>
            {/* The backup checks wait for the project's whole list: they are not part of the start. */}
            <OnceOpened open={state.documentsPending === 0}>
              <BackupBanner platform={platform} projectId={project.id} projectName={project.name} onNotice={setNotice} />
            </OnceOpened>
            <LinkPicker view={viewRef} onNotice={setNotice} />
            <OnceOpened open={schemaOpen}>
              <SchemaEditor
                open={schemaOpen}
                onClose={() => setSchemaOpen(false)}
                platform={platform}
                project={project}
                onNotice={setNotice}
              />
            </OnceOpened>
            {sheetOpen && <ShortcutSheet labels={labels} onClose={() => setSheetOpen(false)} />}
          </div>
        </NotificationsProvider>
      </AnnotateUiContext.Provider>
    </WorkspaceContext.Provider>
  );
}
