/**
 * Tabs for the side panel (WAI-ARIA APG tabs, automatic activation): ←/→ move between tabs and
 * show them, Home/End jump to the first/last; only the selected tab is in the Tab order.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface SideTab {
  id: string;
  label: string;
  content: ReactNode;
}

interface Props {
  tabs: SideTab[];
  selected: string;
  onSelect(id: string): void;
  label: string;
}

export function SideTabs({ tabs, selected, onSelect, label }: Props) {
  const base = useId();
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const current = tabs.find((t) => t.id === selected) ?? tabs[0]!;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === current.id);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === -1) return;
    e.preventDefault();
    e.stopPropagation();
    const tab = tabs[next]!;
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };

  return (
    <div className="side-tabs">
      <div role="tablist" aria-label={label} className="side-tablist" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === current.id}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={t.id === current.id ? 0 : -1}
            className="side-tab"
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel-${current.id}`}
        aria-labelledby={`${base}-tab-${current.id}`}
        className="side-tabpanel"
        tabIndex={-1}
      >
        {current.content}
      </div>
    </div>
  );
}
