// What the window does when its renderer process dies (crash, out of memory, killed): log it,
// reload the app once, and if it dies again within a minute show a recovery page that says why
// instead of a blank window. The decision and the page are pure, tested in Node; main.ts wires
// them to `render-process-gone`.
import type { RenderProcessGoneDetails } from 'electron';
import { APP_ENTRY_URL } from './window.ts';

/** Two deaths closer together than this stop the automatic reload. */
export const CRASH_WINDOW_MS = 60_000;

const REASONS: Readonly<Record<string, string>> = {
  crashed: 'it crashed',
  oom: 'it ran out of memory',
  killed: 'it was ended by the system or another program',
  'abnormal-exit': 'it stopped unexpectedly',
  'launch-failed': 'it could not be started',
  'integrity-failure': 'its code failed an integrity check',
  'memory-eviction': 'the system reclaimed its memory',
};

export function describeGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): string {
  const why = REASONS[details.reason] ?? `it stopped (${details.reason})`;
  return `${why} (exit code ${details.exitCode})`;
}

export type Recovery = { action: 'none' } | { action: 'reload' } | { action: 'show-page'; url: string };

/**
 * `previousGoneAt` is when the renderer last died (or null). A clean exit needs nothing; the
 * first death reloads the app (the database holds everything that was acknowledged as saved);
 * a second one within CRASH_WINDOW_MS shows the recovery page, so a crash at start does not loop.
 */
export function decideRecovery(
  details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>,
  previousGoneAt: number | null,
  now: number,
): Recovery {
  if (details.reason === 'clean-exit') return { action: 'none' };
  if (previousGoneAt === null || now - previousGoneAt > CRASH_WINDOW_MS) return { action: 'reload' };
  return { action: 'show-page', url: recoveryPageUrl(describeGone(details)) };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A static page (no script: its CSP forbids any) that names the reason and offers a link back
 * into the app; the link is an app:// URL, which the navigation rules allow.
 */
export function recoveryPageUrl(reason: string): string {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Claimscope stopped</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#1f4e8c}</style>
</head><body><main>
<h1>Claimscope's window stopped</h1>
<p>The part of Claimscope that shows the documents stopped twice in a minute: ${escapeHtml(reason)}.</p>
<p>Everything shown as <strong>Saved</strong> is kept in the database. If this keeps happening, close large documents or other programs, then start again.</p>
<p><a href="${APP_ENTRY_URL}">Open Claimscope again</a></p>
</main></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

interface RecoverableWindow {
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): unknown;
    reload(): void;
    loadURL(url: string): Promise<void>;
  };
  isDestroyed(): boolean;
}

/** Installs the handler on one window; `now` is injectable for tests. */
export function handleRendererGone(win: RecoverableWindow, log: (message: string) => void, now: () => number = Date.now): void {
  let lastGoneAt: number | null = null;
  win.webContents.on('render-process-gone', (_event, details) => {
    const at = now();
    const recovery = decideRecovery(details, lastGoneAt, at);
    log(
      `the window's renderer is gone: ${describeGone(details)}; ${recovery.action === 'none' ? 'nothing to do' : recovery.action === 'reload' ? 'reloading the app' : 'showing the recovery page'}`,
    );
    if (recovery.action === 'none' || win.isDestroyed()) return;
    lastGoneAt = at;
    if (recovery.action === 'reload') win.webContents.reload();
    else win.webContents.loadURL(recovery.url).catch((error: unknown) => log(`could not show the recovery page: ${String(error)}`));
  });
}
