/** Annotate | Review | Agreement | Claims: the top bar's view switch (Alt+1 … Alt+4, in the action registry). */
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
        <button
          key={m.mode}
          type="button"
          aria-pressed={mode === m.mode}
          aria-keyshortcuts={`Alt+${i + 1}`}
          onClick={() => onChange(m.mode)}
        >
          {m.title}
        </button>
      ))}
    </nav>
  );
}
