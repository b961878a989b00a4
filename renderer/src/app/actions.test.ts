// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ACTION_LIST, keyHint, matchShortcut, type KeyLike } from './actions.ts';

const ARROWS: Record<string, string> = { '→': 'ArrowRight', '←': 'ArrowLeft', '↑': 'ArrowUp', '↓': 'ArrowDown' };
const CODES: Record<string, string> = { '.': 'Period', ',': 'Comma' };

/** Turns a key as the sheet shows it ("Alt+Shift+→", "Ctrl+F", "?") into a key event. */
function eventFor(shown: string): KeyLike {
  const parts = shown === '+' ? ['+'] : shown.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const name = ARROWS[key] ?? (key === 'Space' ? ' ' : key.length === 1 ? key.toLowerCase() : key);
  return {
    key: name,
    code: CODES[key],
    ctrlKey: mods.has('Ctrl'),
    metaKey: false,
    altKey: mods.has('Alt'),
    shiftKey: mods.has('Shift') || key === '?' || key === '+',
    target: document.body,
  };
}

const ctx = { labelKeys: new Set(['1', '2', '3', '4']), relationKeys: new Set(['s', 'c', 'r']) };

describe('the action registry', () => {
  it('every key the sheet shows triggers exactly the shortcut it is listed for', () => {
    for (const s of ACTION_LIST) {
      if (s.scope === 'mouse' || s.id === 'label') continue;
      for (const shown of s.keys) {
        const e = eventFor(shown);
        expect(matchShortcut(e, ctx, s.scope)?.id, `${shown} (${s.id})`).toBe(s.id);
      }
    }
  });

  it('label keys come first, and no shortcut fires for plain typing keys in a form field', () => {
    expect(matchShortcut(eventFor('1'), ctx)?.id).toBe('label');
    expect(matchShortcut(eventFor('L'), ctx)?.id).toBe('link');
    const input = document.createElement('input');
    for (const k of ['1', 'L', 'J', 'E', '+', '?', 'Delete']) {
      expect(matchShortcut({ ...eventFor(k), target: input }, ctx, 'global', true), k).toBeUndefined();
    }
    expect(matchShortcut(eventFor('Ctrl+F'), ctx, 'global', true)?.id).toBe('find');
  });

  it('keeps the browser’s text-selection keys free', () => {
    for (const k of ['Shift+→', 'Shift+←', 'Ctrl+Shift+→', 'Ctrl+Shift+←', 'Shift+↑', 'Ctrl+→']) {
      expect(matchShortcut(eventFor(k), ctx), k).toBeUndefined();
    }
  });

  it('ids are unique and every shortcut says what it does', () => {
    expect(new Set(ACTION_LIST.map((s) => s.id)).size).toBe(ACTION_LIST.length);
    for (const s of ACTION_LIST) expect(s.description.length, s.id).toBeGreaterThan(5);
  });

  it('the claims view’s hint line names its tick, group, ungroup, open, find and suggest keys', () => {
    expect(keyHint('claims')).toBe('Space tick · G group · U ungroup · Enter open · F find the same · Shift+G suggest groups');
  });

  it('the review view’s hint line is made from the review keys, in order', () => {
    expect(keyHint('review')).toBe(
      'J next · K previous · L next variant · H previous variant · A accept · R reject · N nothing right · U reopen · C comment',
    );
  });
});
