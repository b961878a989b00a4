import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import type { Annotation, DocumentRecord, LabelDef, Relation, Span } from '../../core/model/types.ts';
import { annotationsAt, coveringSpan, spanLength } from '../../core/model/spans.ts';
import { ArticleBlockNode, $createArticleBlockNode } from './ArticleBlockNode.ts';
import { registerTextProtection } from './protectText.ts';
import { caretOffset, DomLocator, selectionToSpan, visibleSpan } from './domOffsets.ts';
import { HighlightLayer } from './highlights.ts';
import { RelationArrows } from './RelationArrows.tsx';

/** What the rest of the app may ask of the article view. */
export interface ArticleView {
  /** The DOM ranges an annotation is drawn with (empty when it is not drawn). */
  rangesOf(id: string): readonly Range[];
  /** Makes `span` the article's real DOM selection, focuses the article and scrolls to it. */
  selectSpan(span: Span): void;
  /** Focuses the article, keeping its selection. */
  focus(): void;
}

export interface ArticleEditorProps {
  doc: DocumentRecord;
  labels: readonly LabelDef[];
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** Increments when the selected annotation should be scrolled into view. */
  revealSeq: number;
  onSelectAnnotation(id: string | null): void;
  /** Filled with a function that reads the text span currently selected in the article. */
  selectionReader: { current: (() => Span | null) | null };
  /** Called after the annotations on screen match the props (the view is up to date). */
  onRendered?(): void;
  /** The open document's relations; those of the selected annotation are drawn as arrows. */
  relations?: readonly Relation[];
  /** Alt+click on a highlight (used to link the selected annotation to it). */
  onAltClickAnnotation?(id: string): void;
  /** Filled with the view's API while the editor is mounted. */
  viewRef?: { current: ArticleView | null };
}

/**
 * The article in a Lexical editor. Lexical owns the text, the caret and keyboard selection; the
 * text is protected from edits; annotations are drawn over it as highlights, from offsets.
 */
/**
 * Memoised: the app re-renders on every status change, and the editor should only re-render
 * when what it shows changes.
 */
export const ArticleEditor = memo(function ArticleEditor(props: ArticleEditorProps) {
  const { doc } = props;
  const initialConfig = useMemo(
    () => ({
      namespace: 'claimscope-article',
      nodes: [ArticleBlockNode],
      editable: true,
      theme: {},
      onError(error: Error) {
        console.error(error);
      },
      editorState() {
        const root = $getRoot();
        doc.blocks.forEach((block, i) => {
          const node = $createArticleBlockNode(block.kind, i);
          const text = doc.text.slice(block.start, block.end);
          if (text) node.append($createTextNode(text));
          root.append(node);
        });
      },
    }),
    [doc],
  );

  return (
    <LexicalComposer key={doc.id} initialConfig={initialConfig}>
      <ContentEditable
        className="article"
        aria-label={`Article: ${doc.title}`}
        aria-readonly={true}
        aria-multiline={true}
        tabIndex={0}
        spellCheck={false}
        data-testid="article"
      />
      <AnnotationLayer {...props} />
    </LexicalComposer>
  );
});

const REVEAL_MARGIN = 32;

/** The nearest ancestor of `node` that scrolls vertically. */
function scrollParent(node: Node): HTMLElement | null {
  let scroller = node.parentElement;
  while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
  return scroller;
}

/**
 * Scrolls the article so `range` is in view, centred, unless it is already fully visible. Blocks
 * off screen are laid out lazily (`content-visibility: auto`), so the position is checked again on
 * the next frames, once the blocks scrolled past have their real height.
 */
function revealRange(range: Range, tries = 3): void {
  const scroller = scrollParent(range.startContainer);
  if (!scroller) return;
  const view = scroller.getBoundingClientRect();
  const box = range.getBoundingClientRect();
  if (box.top >= view.top + REVEAL_MARGIN && box.bottom <= view.bottom - REVEAL_MARGIN) return;
  scroller.scrollTop += box.top - view.top - Math.max(REVEAL_MARGIN, (view.height - box.height) / 2);
  if (tries > 1) requestAnimationFrame(() => revealRange(range, tries - 1));
}

function AnnotationLayer(props: ArticleEditorProps) {
  const [editor] = useLexicalComposerContext();
  const { doc, labels, annotations, selectedId, revealSeq } = props;
  const layerRef = useRef<HighlightLayer | null>(null);
  const locatorRef = useRef<DomLocator | null>(null);
  const callbacks = useRef(props);
  useLayoutEffect(() => {
    callbacks.current = props;
  });
  const lastClick = useRef<{ offset: number; id: string | null }>({ offset: -1, id: null });

  // Text protection and the highlight layer live as long as this editor.
  useLayoutEffect(() => {
    const root = editor.getRootElement();
    const locator = new DomLocator(doc.blocks, (i) => {
      const el = editor.getRootElement()?.children[i];
      return el instanceof HTMLElement ? el : null;
    });
    // When many annotations arrive at once, those on screen (and a screen above and below) are drawn first.
    const layer = new HighlightLayer(labels, () => {
      const scroller = root ? scrollParent(root) : null;
      return root && scroller ? visibleSpan(root, doc.blocks, scroller, scroller.clientHeight) : null;
    });
    locatorRef.current = locator;
    layerRef.current = layer;
    const unprotect = registerTextProtection(editor, root?.parentElement ?? null, () => {
      // The editor re-created DOM nodes: ranges must point at the new ones.
      locator.invalidate();
      layer.redrawAll(locator);
    });
    return () => {
      unprotect();
      layer.dispose();
      layerRef.current = null;
      locatorRef.current = null;
    };
  }, [editor, doc, labels]);

  useLayoutEffect(() => {
    const layer = layerRef.current;
    const locator = locatorRef.current;
    if (!layer || !locator) return;
    layer.sync(annotations, locator);
    layer.select(selectedId);
    callbacks.current.onRendered?.();
  }, [annotations, selectedId, editor, doc, labels]);

  // Scroll the selected annotation into view when asked (panel click, keyboard cycling).
  useEffect(() => {
    if (!revealSeq || !selectedId) return;
    const first = layerRef.current?.rangesOf(selectedId)[0];
    if (first) revealRange(first);
  }, [revealSeq, selectedId]);

  // Text selection and clicks on highlights.
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const reader = callbacks.current.selectionReader;
    reader.current = () => {
      const sel = document.getSelection();
      if (!sel || !sel.anchorNode || !root.contains(sel.anchorNode)) return null;
      return selectionToSpan(root, doc.blocks, sel);
    };
    const onClick = (e: MouseEvent) => {
      const onAlt = callbacks.current.onAltClickAnnotation;
      if (e.altKey && onAlt && callbacks.current.selectedId) {
        // Alt+click does not move the caret: find the highlight under the pointer from the
        // drawn ranges' boxes, innermost first.
        const under = callbacks.current.annotations
          .filter((a) => a.id !== callbacks.current.selectedId)
          .filter((a) =>
            (layerRef.current?.rangesOf(a.id) ?? []).some((r) =>
              [...r.getClientRects()].some(
                (b) => e.clientX >= b.left && e.clientX <= b.right && e.clientY >= b.top && e.clientY <= b.bottom,
              ),
            ),
          )
          .sort((x, y) => spanLength(coveringSpan(x.ranges)) - spanLength(coveringSpan(y.ranges)));
        if (under[0]) onAlt(under[0].id);
        return;
      }
      const sel = document.getSelection();
      if (!sel || !sel.isCollapsed) return;
      const offset = caretOffset(root, doc.blocks, sel);
      if (offset === null) return;
      const hits = annotationsAt(callbacks.current.annotations, offset);
      let pick: string | null = hits[0]?.id ?? null;
      // Clicking the same place again walks outwards through nested annotations.
      if (hits.length > 1 && lastClick.current.offset === offset) {
        const i = hits.findIndex((h) => h.id === lastClick.current.id);
        pick = hits[(i + 1) % hits.length]!.id;
      }
      lastClick.current = { offset, id: pick };
      callbacks.current.onSelectAnnotation(pick);
    };
    root.addEventListener('click', onClick);
    const viewRef = callbacks.current.viewRef;
    if (viewRef) {
      viewRef.current = {
        rangesOf: (id) => layerRef.current?.rangesOf(id) ?? [],
        focus: () => root.focus({ preventScroll: true }),
        selectSpan: (span) => {
          const parts = locatorRef.current?.rangesFor(span) ?? [];
          if (parts.length === 0) return;
          const range = document.createRange();
          range.setStart(parts[0]!.startContainer, parts[0]!.startOffset);
          const last = parts[parts.length - 1]!;
          range.setEnd(last.endContainer, last.endOffset);
          root.focus({ preventScroll: true });
          const sel = document.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
          revealRange(range);
        },
      };
    }
    return () => {
      reader.current = null;
      if (viewRef) viewRef.current = null;
      root.removeEventListener('click', onClick);
    };
  }, [editor, doc]);

  return (
    <RelationArrows
      layerRef={layerRef}
      labels={labels}
      annotations={annotations}
      relations={props.relations ?? []}
      selectedId={selectedId}
      editor={editor}
    />
  );
}

export type { LexicalEditor };
