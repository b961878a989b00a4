import {
  $getRoot,
  COMMAND_PRIORITY_CRITICAL,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND,
  DELETE_WORD_COMMAND,
  DRAGSTART_COMMAND,
  DROP_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  FORMAT_TEXT_COMMAND,
  INDENT_CONTENT_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  INSERT_TAB_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND,
  REMOVE_TEXT_COMMAND,
  SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  type LexicalCommand,
  type LexicalEditor,
} from 'lexical';
import { mergeRegister } from '@lexical/utils';

/** Every Lexical command that would change the text or its formatting. */
const MUTATING_COMMANDS: LexicalCommand<never>[] = [
  CONTROLLED_TEXT_INSERTION_COMMAND,
  PASTE_COMMAND,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_WORD_COMMAND,
  DELETE_LINE_COMMAND,
  REMOVE_TEXT_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_TAB_COMMAND,
  FORMAT_TEXT_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  INDENT_CONTENT_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  DROP_COMMAND,
  DRAGSTART_COMMAND,
  SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
] as unknown as LexicalCommand<never>[];

/** DOM events that edit a contenteditable; stopped before Lexical or the browser act on them. */
const BLOCKED_EVENTS = ['beforeinput', 'paste', 'cut', 'drop', 'dragstart'] as const;

/**
 * Keeps the article's text unchangeable while leaving the caret, keyboard selection (Shift+arrows),
 * copying and clicking alone. Three layers: editing DOM events are cancelled on the editor's
 * container before they reach it; Lexical's editing commands are swallowed; and should anything
 * still change the text (an input method composing, say), the previous state is put back.
 *
 * `onDomReplaced` runs after any update that re-rendered elements, including the first render.
 */
export function registerTextProtection(editor: LexicalEditor, container: HTMLElement | null, onDomReplaced: () => void): () => void {
  const block = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  if (container) for (const type of BLOCKED_EVENTS) container.addEventListener(type, block, { capture: true });

  let restoring = false;
  const unregister = mergeRegister(
    ...MUTATING_COMMANDS.map((command) => editor.registerCommand(command, () => true, COMMAND_PRIORITY_CRITICAL)),
    editor.registerUpdateListener(({ editorState, prevEditorState, dirtyLeaves, dirtyElements, tags }) => {
      if (restoring) {
        restoring = false;
        onDomReplaced();
        return;
      }
      if (dirtyLeaves.size > 0 && !prevEditorState.isEmpty() && !tags.has('history-merge')) {
        const before = prevEditorState.read(() => $getRoot().getTextContent());
        const after = editorState.read(() => $getRoot().getTextContent());
        if (before !== after) {
          restoring = true;
          editor.setEditorState(prevEditorState);
          return;
        }
      }
      if (dirtyElements.size > 0 || dirtyLeaves.size > 0) onDomReplaced();
    }),
  );
  return () => {
    unregister();
    if (container) for (const type of BLOCKED_EVENTS) container.removeEventListener(type, block, { capture: true });
  };
}
