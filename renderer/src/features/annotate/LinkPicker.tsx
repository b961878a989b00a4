/**
 * The link picker: a small popup listing the annotations the selected one may be linked to, by
 * relation type, nearest in the text first. Keyboard: ↑/↓/Home/End choose, Enter links, a
 * relation type's letter (S, C, R …) links to its nearest target, Escape cancels. Opened with L,
 * the details' "Link…" button, or an Alt+click on a highlight that several relation types allow.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { Annotation } from '../../../core/model/types.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import type { ArticleView } from '../../editor/ArticleEditor.tsx';
import { linkGroups, type LinkTarget } from './linkTargets.ts';
import { handleScopedKey } from '../../app/actions.ts';

const PER_GROUP = 9;

const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

interface Props {
  view: RefObject<ArticleView | null>;
  onNotice(message: string): void;
}

export function LinkPicker({ view, onNotice }: Props) {
  const workspace = useWorkspace();
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const { linking, project, doc, annotations, relations } = state;
  const from = linking ? annotations.find((a) => a.id === linking.from) : undefined;
  const groups = useMemo(() => {
    if (!from || !project || !doc) return [];
    return linkGroups(project.schema, doc.blocks, annotations, relations, from)
      .map((g) => ({
        ...g,
        targets: (linking?.to ? g.targets.filter((t) => t.annotation.id === linking.to) : g.targets).slice(0, PER_GROUP),
      }))
      .filter((g) => !linking?.to || g.targets.length > 0);
  }, [from, project, doc, annotations, relations, linking]);
  const options = useMemo(() => groups.flatMap((g) => g.targets), [groups]);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  // Placed under (or above) the annotation it links from, measured after layout, before paint.
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!from || !root) return;
    const rect = view.current?.rangesOf(from.id)[0]?.getBoundingClientRect();
    const width = 380;
    if (rect && rect.height > 0) {
      const top = rect.bottom + 6 + 300 > window.innerHeight ? Math.max(8, rect.top - 306) : rect.bottom + 6;
      root.style.top = `${top}px`;
      root.style.left = `${Math.max(8, Math.min(rect.left, window.innerWidth - width - 8))}px`;
    }
  }, [from, view, linking]);

  // A new start or target resets the choice (not every re-render of them) and takes the focus.
  const choiceKey = `${from?.id ?? ''}\u0000${linking?.to ?? ''}`;
  const [chosenFor, setChosenFor] = useState(choiceKey);
  if (chosenFor !== choiceKey) {
    setChosenFor(choiceKey);
    setActive(0);
  }
  const fromId = from?.id;
  useEffect(() => {
    if (fromId) listRef.current?.focus();
  }, [fromId, linking?.to]);

  if (!linking || !from) return null;

  const close = () => {
    workspace.stopLinking();
    view.current?.focus();
  };
  const choose = (t: LinkTarget | undefined) => {
    if (!t) return;
    close();
    void workspace.link(from.id, t.annotation.id, t.type);
  };
  const relationKeys = new Set(groups.map((g) => g.key).filter(Boolean));
  const onKeyDown = (e: React.KeyboardEvent) => {
    const handled = handleScopedKey(e.nativeEvent, { labelKeys: new Set(), relationKeys }, 'picker', {
      'picker-cancel': close,
      'picker-choose': () => choose(options[active]),
      'picker-nearest': (key) => {
        const group = groups.find((g) => g.key === key.key.toLowerCase());
        if (group?.targets[0]) choose(group.targets[0]);
        else onNotice(`No ${group?.toLabels.join(' or ') || 'target'} to link to with "${group?.type}".`);
      },
      'picker-move': (key) => {
        if (options.length === 0) return;
        const last = options.length - 1;
        setActive((i) =>
          key.key === 'Home' ? 0 : key.key === 'End' ? last : key.key === 'ArrowDown' ? Math.min(last, i + 1) : Math.max(0, i - 1),
        );
      },
    });
    if (!handled) {
      if (e.key === 'Tab') e.preventDefault(); // focus stays in the popup until it closes
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  // Each group's first option number in `options` (the options are numbered across groups).
  const firstOption = groups.map((_, g) => groups.slice(0, g).reduce((n, prev) => n + prev.targets.length, 0));
  const title = `Link ${from.label} “${short(from.quote, 40)}”`;
  return (
    <div className="link-picker" role="dialog" aria-label={title} data-own-keys="" ref={rootRef} style={{ top: 80, left: 80 }}>
      <p className="link-picker-title">
        {title} to… <span className="link-picker-help">↑↓ Enter · {groups.map((g) => g.key.toUpperCase()).join(' ')} nearest · Esc</span>
      </p>
      <div
        ref={listRef}
        className="link-options"
        // A listbox (and each of its groups) must hold options: with nothing to link, the
        // reasons are plain text in the dialog.
        {...(options.length > 0 && { role: 'listbox', 'aria-label': 'Link targets', 'aria-activedescendant': `link-opt-${active}` })}
        tabIndex={options.length > 0 ? 0 : -1}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) workspace.stopLinking();
        }}
      >
        {groups.length === 0 && <p className="link-empty">A {from.label} cannot start a link in this project’s schema.</p>}
        {groups.map((g, gi) => (
          <div
            key={g.type}
            {...(g.targets.length > 0 && { role: 'group', 'aria-label': `${g.type} → ${g.toLabels.join(' or ') || 'any label'}` })}
          >
            <div className="link-group-head" aria-hidden={g.targets.length > 0 ? true : undefined}>
              <kbd>{g.key.toUpperCase()}</kbd> {g.type} → {g.toLabels.join(' or ') || 'any label'}
            </div>
            {g.targets.length === 0 && (
              <div className="link-empty">
                {g.alreadyLinked > 0
                  ? `Already linked (${g.alreadyLinked}).`
                  : `No ${g.toLabels.join(' or ') || 'annotation'} in this document yet.`}
              </div>
            )}
            {g.targets.map((t, k) => {
              const i = firstOption[gi]! + k;
              return (
                <TargetOption
                  key={`${g.type}-${t.annotation.id}`}
                  id={`link-opt-${i}`}
                  target={t.annotation}
                  paragraph={t.paragraph}
                  selected={i === active}
                  color={state.labels.find((l) => l.name === t.annotation.label)?.color ?? '#888'}
                  onPick={() => choose(t)}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function TargetOption(props: { id: string; target: Annotation; paragraph: number; selected: boolean; color: string; onPick(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selected]);
  return (
    <div
      ref={ref}
      id={props.id}
      role="option"
      aria-selected={props.selected}
      className={`link-option${props.selected ? ' active' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onPick}
    >
      <span className="label-chip" style={{ ['--label-color' as string]: props.color }}>
        {props.target.label}
      </span>
      <span className="link-quote">“{short(props.target.quote)}”</span>
      <span className="link-para">¶{props.paragraph}</span>
    </div>
  );
}
