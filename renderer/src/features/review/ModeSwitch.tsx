/** Annotate | Review | Agreement | Claims: the top bar's view switch (Alt+1 … Alt+4). */
export type AppMode = 'annotate' | 'review' | 'agreement' | 'claims';

const MODES: { mode: AppMode; title: string }[] = [
  { mode: 'annotate', title: 'Annotate' },
  { mode: 'review', title: 'Review' },
  { mode: 'agreement', title: 'Agreement' },
  { mode: 'claims', title: 'Claims' },
];

export function ModeSwitch({ mode, onChange }: { mode: AppMode; onChange(mode: AppMode): void }) {
  return (
    <nav className="mode-switch" aria-label="View">
      {MODES.map((m, i) => (
        <button key={m.mode} type="button" aria-pressed={mode === m.mode} aria-keyshortcuts={`Alt+${i + 1}`} onClick={() => onChange(m.mode)}>
          {m.title}
        </button>
      ))}
    </nav>
  );
}

/** The mode an Alt+digit key asks for, or null. */
export function modeForKey(e: KeyboardEvent): AppMode | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const i = ['1', '2', '3', '4'].indexOf(e.key);
  return i >= 0 ? MODES[i]!.mode : null;
}
