import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { SUGGESTIONS_LAYER, type Span } from '../core/model/types.ts';
import { isRejected } from '../core/suggest/records.ts';
import { snapToWords } from '../core/model/words.ts';
import type { Workspace } from './app/workspace.ts';
import type { Platform } from './platform/platform.ts';
import { ArticleEditor } from './editor/ArticleEditor.tsx';
import { LabelToolbar } from './features/annotate/LabelToolbar.tsx';
import { AnnotationsPanel } from './features/annotate/AnnotationsPanel.tsx';
import { CorpusBrowser } from './features/corpus/CorpusBrowser.tsx';
import { DocumentMetadataPanel } from './features/corpus/DocumentMetadataPanel.tsx';
import { SaveStatus } from './components/SaveStatus.tsx';
import { ExportDialog } from './features/export/ExportDialog.tsx';
import type { ArticleView } from './editor/ArticleEditor.tsx';
import { AnnotateUiContext, linkByAltClick, type AnnotateUi } from './features/annotate/annotateUi.tsx';
import { FindBar, type FindApi } from './features/annotate/FindBar.tsx';
import { LinkPicker } from './features/annotate/LinkPicker.tsx';
import { ShortcutSheet } from './features/annotate/ShortcutSheet.tsx';
import { useAnnotateShortcuts } from './features/annotate/useAnnotateShortcuts.ts';
import { WorkspaceContext } from './app/WorkspaceContext.tsx';
import { SideTabs } from './components/SideTabs.tsx';
import { DocumentPanel } from './features/document/DocumentPanel.tsx';
import { EntitiesPanel } from './features/entities/EntitiesPanel.tsx';
import { SchemaEditor } from './features/schema/SchemaEditor.tsx';
import { AnnotatorControl } from './features/review/AnnotatorControl.tsx';
import { TeamActions } from './features/review/TeamActions.tsx';
import { ModeSwitch, modeForKey, type AppMode } from './features/review/ModeSwitch.tsx';
import { TeamView } from './features/review/TeamView.tsx';
import { BlindToggle } from './features/review/BlindToggle.tsx';
import { useBlindMode } from './features/review/useBlindMode.ts';
import { ImportControls } from './features/import/ImportControls.tsx';
import { suggestDocument } from './features/suggest/suggestActions.ts';
import { computeSuggestions } from './features/suggest/suggestClient.ts';

interface Props {
  workspace: Workspace;
  platform: Platform;
}

export function App({ workspace, platform }: Props) {
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const { project, doc, labels, annotations, selectedId } = state;
  const selectionReader = useRef<(() => Span | null) | null>(null);
  const [notice, setNotice] = useState('');
  // Side panel tab and the schema editor (issue #3).
  const [sideTab, setSideTab] = useState('annotations');
  const [schemaOpen, setSchemaOpen] = useState(false);
  const documentTitles = useMemo(() => new Map(state.documents.map((d) => [d.id as string, d.title])), [state.documents]);
  // Team review (issue #6): the view shown (Alt+1…4) and blind mode's filter of other layers.
  const [mode, setMode] = useState<AppMode>('annotate');
  const blind = useBlindMode(workspace.db, doc?.id ?? null, state.annotator, annotations);
  // Rejected suggestions stay in the database (so they are not proposed again) but are not shown.
  const shown = useMemo(() => blind.visible.filter((a) => !(a.layer === SUGGESTIONS_LAYER && isRejected(a))), [blind.visible]);
  const [suggesting, setSuggesting] = useState(false);
  const onSuggest = useCallback(() => {
    setSuggesting(true);
    void suggestDocument(workspace, computeSuggestions)
      .then((n) => {
        if (n !== undefined) setNotice(n ? `${n} suggestions, drawn dashed: select one and press Enter to accept it, Backspace to reject it, Shift+Enter to accept all of its label.` : 'No new suggestions for this document.');
      })
      .catch((err: unknown) => setNotice(`Suggest failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => setSuggesting(false));
  }, [workspace]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const m = modeForKey(e);
      if (m) {
        e.preventDefault();
        setMode(m);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const applyLabel = useCallback(
    (label: string) => {
      const current = workspace.getState();
      const d = current.doc;
      if (!d) return;
      let span = selectionReader.current?.() ?? null;
      if (span && current.snapToWords) span = snapToWords(d.text, span);
      if (!span) {
        if (current.selectedId) {
          void workspace.relabel(current.selectedId, label);
          return;
        }
        setNotice(`Select some text in the article first, then choose ${label}.`);
        return;
      }
      setNotice('');
      document.getSelection()?.collapseToEnd();
      void workspace.addAnnotation(label, span);
    },
    [workspace],
  );

  // Export opens the export dialog (format, scope, loss report, progress); the desktop menu's
  // "export" command does the same.
  const [exportOpen, setExportOpen] = useState(false);
  const doExport = useCallback(() => setExportOpen(true), []);

  // Keyboard: every shortcut comes from one table (features/annotate/shortcuts.ts), which the
  // shortcut sheet ("?") also lists.
  const viewRef = useRef<ArticleView | null>(null);
  const findRef = useRef<FindApi | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const ui = useMemo<AnnotateUi>(
    () => ({ view: viewRef, readSelection: () => selectionReader.current?.() ?? null, notice: setNotice }),
    [],
  );
  useAnnotateShortcuts({
    workspace,
    ui,
    find: findRef,
    applyLabel,
    onExport: () => doExport(),
    onHelp: () => setSheetOpen(true),
  });
  const onAltClickAnnotation = useCallback((id: string) => linkByAltClick(workspace, ui, id), [workspace, ui]);

  useEffect(
    () =>
      platform.onMenuCommand((command) => {
        if (command === 'export') doExport();
        else if (command === 'undo') void workspace.undo();
        else if (command === 'redo') void workspace.redo();
        else if (command === 'toggle-word-snap') workspace.setSnapToWords(!workspace.getState().snapToWords);
      }),
    [platform, workspace, doExport],
  );

  const onSelectAnnotation = useCallback((id: string | null) => workspace.select(id), [workspace]);
  const panelSelect = useCallback((id: string) => workspace.select(id, true), [workspace]);
  const panelRelabel = useCallback((id: string, label: string) => void workspace.relabel(id, label), [workspace]);
  const panelDelete = useCallback((id: string) => void workspace.deleteAnnotation(id), [workspace]);

  if (!project) return <p className="loading">Opening Claimscope…</p>;

  return (
    <WorkspaceContext.Provider value={workspace}>
    <AnnotateUiContext.Provider value={ui}>
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
          <TeamActions workspace={workspace} platform={platform} projectId={project.id} annotator={state.annotator} onNotice={setNotice} />
          <ImportControls workspace={workspace} platform={platform} />
          <button type="button" onClick={() => setSchemaOpen(true)} aria-haspopup="dialog">
            Schema
          </button>
          <button
            type="button"
            onClick={() => void workspace.undo()}
            disabled={!state.history.undo}
            aria-keyshortcuts="Control+Z"
            title={state.history.undo ? `Undo: ${state.history.undo} (Ctrl+Z)` : 'Nothing to undo'}
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => void workspace.redo()}
            disabled={!state.history.redo}
            aria-keyshortcuts="Control+Shift+Z"
            title={state.history.redo ? `Redo: ${state.history.redo} (Ctrl+Shift+Z)` : 'Nothing to redo'}
          >
            Redo
          </button>
          <button type="button" className="primary" onClick={() => doExport()}>
            Export
          </button>
        </div>
      </header>
      <CorpusBrowser
        workspace={workspace}
        project={project}
        documents={state.documents}
        openId={doc?.id ?? null}
        annotator={state.annotator}
      />
      {mode === 'annotate' ? (<>
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
                  <BlindToggle db={workspace.db} doc={doc} mode={blind} onNotice={setNotice} />
                  <AnnotationsPanel
                    doc={doc}
                    loading={state.annotationsFor !== doc.id}
                    labels={labels}
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
                <DocumentPanel
                  workspace={workspace}
                  doc={doc}
                  schema={project.schema}
                  annotator={state.annotator}
                  onNotice={setNotice}
                  onJump={() => setSideTab('annotations')}
                  metadata={<DocumentMetadataPanel workspace={workspace} doc={doc} />}
                />
              ),
            },
            {
              id: 'entities',
              label: 'Entities',
              content: (
                <EntitiesPanel workspace={workspace} projectId={project.id} documentTitles={documentTitles} onNotice={setNotice} />
              ),
            },
          ]}
        />
      </aside>
      </>) : (
        <TeamView mode={mode} workspace={workspace} platform={platform} state={state} onNotice={setNotice} onMode={setMode} />
      )}
      <ExportDialog
        open={exportOpen}
        workspace={workspace}
        platform={platform}
        onClose={() => setExportOpen(false)}
        onDone={setNotice}
      />
      <LinkPicker view={viewRef} onNotice={setNotice} />
      <SchemaEditor
        open={schemaOpen}
        onClose={() => setSchemaOpen(false)}
        workspace={workspace}
        platform={platform}
        project={project}
        onNotice={setNotice}
      />
      {sheetOpen && <ShortcutSheet labels={labels} onClose={() => setSheetOpen(false)} />}
    </div>
    </AnnotateUiContext.Provider>
    </WorkspaceContext.Provider>
  );
}
