/**
 * The team server in the top bar: the sync status (Synced just now · Offline, 12 changes waiting
 * · Error: reason · 2 conflicts) and the *Team server* dialog to connect the open project to a
 * CouchDB database (*Put this project on the server*), *Join a team project*, or *Disconnect*.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Project } from '../../../core/model/types.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { TeamSync, type TeamState } from '../../sync/team.ts';
import type { TeamServerHost } from '../../platform/platform.ts';
import type { ConnectionCheck } from '../../sync/remote.ts';
import { ConflictsDialog } from './ConflictsDialog.tsx';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';

interface Props {
  /** Where passwords are kept and how the app's policy admits the server (desktop or web). */
  host: TeamServerHost;
  project: Project;
  onNotice(text: string): void;
  /** The dialog is opened from the top bar's Team menu. */
  open: boolean;
  onClose(): void;
}

/** The status sentence for the top bar. */
export function statusText(state: TeamState, now: number): string {
  if (state.kind === 'local') return '';
  if (state.kind === 'needs-password') return `Team server: enter the password for ${state.connection.user}`;
  const s = state.status;
  const parts: string[] = [];
  const waiting = s.waiting > 0 ? `${s.waiting} change${s.waiting === 1 ? '' : 's'} waiting` : '';
  if (s.phase === 'error') parts.push(`Error: ${s.error}`);
  else if (s.phase === 'offline') parts.push(['Offline', waiting].filter(Boolean).join(', '));
  else if (s.phase === 'synced' && s.waiting === 0 && s.lastSyncedAt !== null) parts.push(`Synced ${ago(now - s.lastSyncedAt)}`);
  else parts.push(['Syncing…', waiting].filter(Boolean).join(', '));
  if (s.conflicts.length) parts.push(`${s.conflicts.length} conflict${s.conflicts.length === 1 ? '' : 's'}`);
  if (s.refused.length) {
    const n = s.refused.length;
    parts.push(`${n} change${n === 1 ? '' : 's'} refused by the server (${s.refused[0]!.reason}; kept on this computer)`);
  }
  return parts.join(' · ');
}

function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${Math.floor(s / 10) * 10} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

/** The dialog's fields kept over the reload that lets the desktop app reach a new server (never the password). */
const RESUME_KEY = 'claimscope.team-server-dialog';
interface Resume {
  url: string;
  database: string;
  user: string;
  origin: string;
}
function takeResume(): Resume | null {
  const raw = sessionStorage.getItem(RESUME_KEY);
  sessionStorage.removeItem(RESUME_KEY);
  try {
    return raw ? (JSON.parse(raw) as Resume) : null;
  } catch {
    return null;
  }
}

export function TeamServer({ host, project, onNotice, open, onClose }: Props) {
  const workspace = useWorkspace();
  const team = useMemo(() => new TeamSync(workspace.db, workspace, host.secrets), [workspace, host]);
  const [resume, setResume] = useState<Resume | null>(null);
  const [resumeOpen, setResumeOpen] = useState(false);
  // A dialog the reload interrupted reopens once the app is idle: the first read of
  // sessionStorage waits for the browser to load it, which at start (while the database opens)
  // held the first render for up to 0.6 s.
  useEffect(() => {
    const idle = requestIdleCallback(() => {
      const taken = takeResume();
      if (!taken) return;
      setResume(taken);
      setResumeOpen(true);
    });
    return () => cancelIdleCallback(idle);
  }, []);
  const state = useSyncExternalStore(team.subscribe, team.getState);
  const [conflictsOpen, setConflictsOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void team.open(project.id).catch((err: Error) => onNotice(`The team server could not start: ${err.message}`));
  }, [team, project.id, onNotice]);
  // "Synced just now", then tens of seconds, then minutes: while nothing happens the top bar is
  // laid out again at most every 10 s, and every minute after the first.
  const lastSynced = state.kind === 'connected' ? state.status.lastSyncedAt : null;
  useEffect(() => {
    if (lastSynced === null) return undefined;
    const age = Date.now() - lastSynced;
    const step = age < 60_000 ? 10_000 : 60_000;
    const timer = setTimeout(() => setNow(Date.now()), step - (age % step));
    return () => clearTimeout(timer);
  }, [lastSynced, now]);

  const text = statusText(state, now);
  const conflicts = state.kind === 'connected' ? state.status.conflicts.length : 0;
  return (
    <>
      {text && (
        <p className={`sync-status ${state.kind === 'connected' ? state.status.phase : 'locked'}`} role="status" data-testid="sync-status">
          {text}
        </p>
      )}
      {conflicts > 0 && (
        <button type="button" onClick={() => setConflictsOpen(true)} aria-haspopup="dialog">
          Resolve conflicts
        </button>
      )}
      <TeamServerDialog
        key={resume ? 'resumed' : 'new'}
        open={open || resumeOpen}
        onClose={() => {
          setResumeOpen(false);
          onClose();
        }}
        host={host}
        resume={resume}
        team={team}
        project={project}
        onNotice={onNotice}
      />
      {state.kind === 'connected' && team.activeEngine && (
        <ConflictsDialog
          open={conflictsOpen}
          onClose={() => setConflictsOpen(false)}
          engine={team.activeEngine}
          ids={state.status.conflicts}
          onNotice={onNotice}
        />
      )}
    </>
  );
}

interface DialogProps {
  open: boolean;
  onClose(): void;
  host: TeamServerHost;
  resume: Resume | null;
  team: TeamSync;
  project: Project;
  onNotice(text: string): void;
}

function TeamServerDialog({ open, onClose, host, resume, team, project, onNotice }: DialogProps) {
  const workspace = useWorkspace();
  const state = useSyncExternalStore(team.subscribe, team.getState);
  const connected = state.kind !== 'local' ? state.connection : null;
  const [url, setUrl] = useState(connected?.url ?? resume?.url ?? 'http://127.0.0.1:5984');
  const [database, setDatabase] = useState(connected?.database ?? resume?.database ?? '');
  const [user, setUser] = useState(connected?.user ?? resume?.user ?? '');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [insecureOk, setInsecureOk] = useState(false);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [busy, setBusy] = useState('');

  // The server calls (and PouchDB) load when the dialog first talks to a server.
  const remote = () => import('../../sync/remote.ts');
  const address = { url, database };
  const creds = { user, password };
  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } catch (err) {
      setCheck({ ok: false, problem: 'unreachable', message: (err as Error).message });
    } finally {
      setBusy('');
    }
  };
  /**
   * The desktop app's policy admits only the saved team servers: a new one is saved and the app
   * reloads to admit it, keeping the fields (not the password). False when it reloads.
   */
  const admitted = async (): Promise<boolean> => {
    const checked = (await remote()).checkServerUrl(url, insecureOk);
    if ('problem' in checked) return true; // testConnection names the problem
    if (!(await host.allowServer(checked.origin)).reload) return true;
    sessionStorage.setItem(RESUME_KEY, JSON.stringify({ url, database, user, origin: checked.origin } satisfies Resume));
    location.reload();
    return false;
  };
  const test = () =>
    run('Testing the connection…', async () => {
      if (await admitted()) setCheck(await (await remote()).testConnection(address, creds, insecureOk));
    });
  const create = () =>
    run('Creating the database…', async () => {
      const { createDatabase, testConnection } = await remote();
      await createDatabase(address, creds);
      setCheck(await testConnection(address, creds, insecureOk));
    });
  /** Tests first; acts only on a working connection. */
  const withCheck = (what: string, action: (ok: Extract<ConnectionCheck, { ok: true }>) => Promise<void>) =>
    run(what, async () => {
      if (!(await admitted())) return;
      const result = await (await remote()).testConnection(address, creds, insecureOk);
      setCheck(result);
      if (result.ok) await action(result);
    });
  const putOnServer = () =>
    withCheck('Putting the project on the server…', async (ok) => {
      await team.putOnServer(project.id, address, creds, ok, remember);
      onNotice(`“${project.name}” now replicates with ${database} on ${new URL(url).host}.`);
      onClose();
    });
  const join = () =>
    withCheck('Joining…', async () => {
      const projectId = await team.join(address, creds, remember);
      await workspace.openProject(projectId);
      onNotice(`Joined ${database}: its documents and annotations arrive in the project “${database}”.`);
      onClose();
    });
  const disconnect = () =>
    run('Disconnecting…', async () => {
      const unused = await team.disconnect(project.id);
      if (unused) await host.forgetServer(unused);
      onNotice(`“${project.name}” is no longer connected to the team server. Everything stays on this computer.`);
      onClose();
    });
  const unlock = () =>
    run('Connecting…', async () => {
      await team.unlock(password, remember);
      onClose();
    });

  return (
    <ModalDialog
      title="Team server"
      open={open}
      onClose={onClose}
      onSubmit={() => void (state.kind === 'needs-password' ? unlock() : test())}
    >
      {connected ? (
        <p>
          “{project.name}” replicates with the database <strong>{connected.database}</strong> on {connected.url} as{' '}
          <strong>{connected.user}</strong>.
        </p>
      ) : (
        <p>
          Connect this project to a CouchDB database so the team works on one live project. Everything keeps working offline; changes go out
          when the server is back.
        </p>
      )}
      {resume && !connected && (
        <p role="status">Claimscope reloaded so that it may reach {resume.origin}. Enter the password again and test the connection.</p>
      )}
      {state.kind !== 'connected' && (
        <>
          {!connected && (
            <>
              <label className="field">
                Server address
                <input
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                  placeholder="https://couch.example.org:6984"
                  spellCheck={false}
                />
              </label>
              <label className="field">
                Database
                <input value={database} onChange={(e) => setDatabase(e.target.value)} spellCheck={false} />
              </label>
              <label className="field">
                User
                <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" spellCheck={false} />
              </label>
            </>
          )}
          <label className="field">
            Password
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
          </label>
          <label className="check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember the password on this
            computer (otherwise it is asked again in each new session)
          </label>
          {check && !check.ok && check.problem === 'insecure' && (
            <label className="check">
              <input type="checkbox" checked={insecureOk} onChange={(e) => setInsecureOk(e.target.checked)} /> I trust this network: connect
              over plain http://
            </label>
          )}
        </>
      )}
      {busy && <p role="status">{busy}</p>}
      {check && (
        <p role={check.ok ? 'status' : 'alert'} className={check.ok ? 'ok' : 'error'} data-testid="connection-check">
          {check.ok
            ? `Connected as ${check.user}${check.roles.length ? ` (${check.roles.join(', ')})` : ''}.${check.dbAdmin ? ' You administer this database.' : ''}`
            : check.message}
        </p>
      )}
      <DialogActions>
        {state.kind === 'needs-password' && (
          <button type="submit" className="primary" disabled={!!busy || !password}>
            Connect
          </button>
        )}
        {state.kind === 'local' && (
          <>
            <button type="submit" disabled={!!busy}>
              Test connection
            </button>
            {check && !check.ok && check.problem === 'missing' && check.canCreate && (
              <button type="button" onClick={() => void create()} disabled={!!busy}>
                Create the database
              </button>
            )}
            <button type="button" onClick={() => void join()} disabled={!!busy}>
              Join a team project
            </button>
            <button type="button" className="primary" onClick={() => void putOnServer()} disabled={!!busy}>
              Put this project on the server
            </button>
          </>
        )}
        {connected && (
          <button type="button" onClick={() => void disconnect()} disabled={!!busy}>
            Disconnect
          </button>
        )}
      </DialogActions>
    </ModalDialog>
  );
}
