/**
 * Find in the article (Ctrl+F): type, Enter selects the next match as the article's real DOM
 * selection and moves focus there, so a keyboard-only user can reach any text and press a label
 * key (or Shift+arrows to adjust first). Shift+Enter / Shift+F3 go back, F3 forward; "3 of 7".
 */
import { useImperativeHandle, useMemo, useRef, useState, type Ref, type RefObject } from 'react';
import type { Span } from '../../../core/model/types.ts';
import type { ArticleView } from '../../editor/ArticleEditor.tsx';
import { findAll } from './find.ts';
import { handleScopedKey, matchShortcut } from '../../app/actions.ts';
import { plural } from '../../../core/model/plural.ts';

export interface FindApi {
  focus(): void;
  step(direction: 1 | -1): void;
}

interface Props {
  text: string;
  view: RefObject<ArticleView | null>;
  apiRef: Ref<FindApi>;
}

export function FindBar({ text, view, apiRef }: Props) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo<Span[]>(() => findAll(text, query), [text, query]);
  // A new text resets the position (set during render, React's pattern for state that follows a prop).
  const [indexedText, setIndexedText] = useState(text);
  if (indexedText !== text) {
    setIndexedText(text);
    setIndex(-1);
  }

  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const next = index === -1 ? (direction === 1 ? 0 : matches.length - 1) : (index + direction + matches.length) % matches.length;
    setIndex(next);
    view.current?.selectSpan(matches[next]!);
  };

  useImperativeHandle(apiRef, () => ({
    focus: () => {
      input.current?.focus();
      input.current?.select();
    },
    step,
  }));

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const ctx = { labelKeys: new Set<string>() };
    // The global find keys work in the field too (the key handler leaves data-own-keys alone).
    const global = matchShortcut(e.nativeEvent, ctx, 'global', true)?.id;
    if (global === 'find-next' || global === 'find-previous') step(global === 'find-next' ? 1 : -1);
    else if (global === 'find') input.current?.select();
    else if (
      !handleScopedKey(e.nativeEvent, ctx, 'find', {
        'find-enter': (key) => step(key.shiftKey ? -1 : 1),
        'find-close': () => view.current?.focus(),
      })
    ) {
      return;
    }
    e.preventDefault();
  };

  const status = !query.trim()
    ? ''
    : matches.length === 0
      ? 'No matches'
      : index === -1
        ? plural(matches.length, 'match', 'matches')
        : `${index + 1} of ${matches.length}`;

  return (
    <div className="find-bar" role="search" aria-label="Find in the article" data-own-keys="">
      <input
        ref={input}
        type="search"
        aria-label="Find in the article"
        placeholder="Find in the article (Ctrl+F)"
        aria-keyshortcuts="Control+F"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="find-status" role="status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        onClick={() => step(-1)}
        disabled={matches.length === 0}
        aria-label="Previous match"
        title="Previous match (Shift+Enter, Shift+F3)"
      >
        ↑
      </button>
      <button type="button" onClick={() => step(1)} disabled={matches.length === 0} aria-label="Next match" title="Next match (Enter, F3)">
        ↓
      </button>
    </div>
  );
}
