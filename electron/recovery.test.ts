import type { RenderProcessGoneDetails } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CRASH_WINDOW_MS, decideRecovery, handleRendererGone, recoveryPageUrl } from './recovery.ts';
import { APP_ENTRY_URL, decideNavigation } from './window.ts';

const gone = (reason: RenderProcessGoneDetails['reason'], exitCode = 1) => ({ reason, exitCode }) as RenderProcessGoneDetails;
const pageText = (url: string) => decodeURIComponent(url.slice(url.indexOf(',') + 1));

function fakeWindow() {
  let listener: ((event: unknown, details: RenderProcessGoneDetails) => void) | undefined;
  const win = {
    webContents: {
      on: vi.fn((_name: string, l: typeof listener) => {
        listener = l;
      }),
      reload: vi.fn(),
      loadURL: vi.fn((_url: string) => Promise.resolve()),
    },
    isDestroyed: () => false,
  };
  return { win, die: (details: RenderProcessGoneDetails) => listener!({}, details) };
}

describe('when the renderer process dies', () => {
  it('reloads the app the first time, and logs why', () => {
    const { win, die } = fakeWindow();
    const log = vi.fn();
    handleRendererGone(win, log, () => 1_000);
    expect(win.webContents.on).toHaveBeenCalledWith('render-process-gone', expect.any(Function));
    die(gone('oom', 9));
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    expect(win.webContents.loadURL).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('it ran out of memory (exit code 9); reloading the app'));
  });

  it('shows a recovery page naming the reason when it dies again within a minute, never a blank window', () => {
    let now = 0;
    const { win, die } = fakeWindow();
    handleRendererGone(
      win,
      () => undefined,
      () => now,
    );
    die(gone('crashed'));
    now = CRASH_WINDOW_MS - 1;
    die(gone('crashed', 139));
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    const url = win.webContents.loadURL.mock.calls[0]![0] as string;
    expect(url.startsWith('data:text/html')).toBe(true);
    const html = pageText(url);
    expect(html).toContain('it crashed (exit code 139)');
    expect(html).toContain(`<a href="${APP_ENTRY_URL}">Open Claimscope again</a>`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    // The page's link leads back into the app under the navigation rules.
    expect(decideNavigation(APP_ENTRY_URL)).toBe('allow');
  });

  it('reloads again when the deaths are more than a minute apart, and does nothing on a clean exit', () => {
    expect(decideRecovery(gone('crashed'), 0, CRASH_WINDOW_MS + 1)).toEqual({ action: 'reload' });
    expect(decideRecovery(gone('clean-exit', 0), null, 5)).toEqual({ action: 'none' });
    expect(decideRecovery(gone('killed'), 10, 20)).toMatchObject({ action: 'show-page' });
  });

  it('escapes what it shows', () => {
    expect(pageText(recoveryPageUrl('<img src=x onerror=alert(1)>'))).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
