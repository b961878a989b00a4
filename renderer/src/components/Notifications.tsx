/**
 * Notifications: messages too long or too important for the top bar's one-line status (a bundle
 * shared or added, a file refused, an error). Each stays on screen, in full, until dismissed, and
 * every one is kept in a history the user can open again. One provider holds them; any component
 * posts one with `useNotify()`.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog.tsx';
import './notifications.css';

export type NotificationKind = 'info' | 'success' | 'error';

export interface NotificationInput {
  kind?: NotificationKind;
  /** A short heading ("Layer added", "Sharing failed"). */
  title: string;
  /** The whole message: file names and paths in full. */
  text: string;
}

export interface AppNotification extends Required<NotificationInput> {
  id: number;
  at: Date;
  dismissed: boolean;
}

interface NotificationsApi {
  notify(n: NotificationInput): void;
  list: readonly AppNotification[];
  dismiss(id: number): void;
}

const NotificationsContext = createContext<NotificationsApi>({ notify: () => undefined, list: [], dismiss: () => undefined });

/** Posts a notification (a no-op outside the provider, as in unit tests of single components). */
export function useNotify(): (n: NotificationInput) => void {
  return useContext(NotificationsContext).notify;
}

let nextId = 1;

/** Holds the notifications and shows the ones not yet dismissed, over the app's bottom right corner. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [list, setList] = useState<AppNotification[]>([]);
  const notify = useCallback((n: NotificationInput) => {
    setList((l) => [...l, { kind: n.kind ?? 'info', title: n.title, text: n.text, id: nextId++, at: new Date(), dismissed: false }]);
  }, []);
  const dismiss = useCallback((id: number) => setList((l) => l.map((n) => (n.id === id ? { ...n, dismissed: true } : n))), []);
  const api = useMemo(() => ({ notify, list, dismiss }), [notify, list, dismiss]);
  const open = list.filter((n) => !n.dismissed);
  return (
    <NotificationsContext.Provider value={api}>
      {children}
      <section className="notifications" aria-label="Notifications">
        {open.map((n) => (
          <div key={n.id} className={`notification notification-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <div className="notification-body">
              <strong>{n.title}</strong>
              <p>{n.text}</p>
            </div>
            <button type="button" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>
              Dismiss
            </button>
          </div>
        ))}
      </section>
    </NotificationsContext.Provider>
  );
}

/** The top bar's button that opens every notification of this session, newest first. */
export function NotificationHistory() {
  const { list } = useContext(NotificationsContext);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        disabled={list.length === 0}
        title="Every message of this session"
      >
        Notifications{list.length ? ` (${list.length})` : ''}
      </button>
      <ModalDialog title="Notification history" open={open} onClose={() => setOpen(false)} className="notification-history">
        <ol className="notification-list" aria-label="Past notifications">
          {[...list].reverse().map((n) => (
            <li key={n.id} className={`notification-${n.kind}`}>
              <time dateTime={n.at.toISOString()}>{n.at.toLocaleTimeString()}</time> <strong>{n.title}</strong>
              <p>{n.text}</p>
            </li>
          ))}
        </ol>
      </ModalDialog>
    </>
  );
}
