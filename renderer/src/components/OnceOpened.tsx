/**
 * A surface whose code loads on first use (a dialog, a view loaded with React's `lazy`): nothing
 * is rendered, and nothing loaded, until `open` is first true; from then on its children stay
 * mounted (a dialog keeps its state and any running job when closed), drawn as they load.
 */
import { Suspense, useState, type ReactNode } from 'react';

export function OnceOpened({ open, fallback = null, children }: { open: boolean; fallback?: ReactNode; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open ? <Suspense fallback={fallback}>{children}</Suspense> : null;
}
