import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { INVOKE_CHANNELS } from './api.ts';
import { checkSender, createHandle, guardHandler } from './ipc.ts';
import { isAppUrl } from './window.ts';

const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });
const event = (frame: { url: string; parent: unknown } | null) => ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;

describe('checkSender', () => {
  it('accepts the app page', () => {
    expect(checkSender(topFrame('app://claimscope/index.html'), isAppUrl)).toEqual({ ok: true });
  });

  it.each([
    ['another origin', topFrame('https://evil.example/')],
    ['a file page', topFrame('file:///tmp/x.html')],
    ['an app:// page on another host', topFrame('app://other/index.html')],
    ['a sub-frame of the app', { senderFrame: { url: 'app://claimscope/frame.html', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s with a reason', (_what, info) => {
    const result = checkSender(info, isAppUrl);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });
});

describe('guardHandler', () => {
  const schema = z.strictObject({ name: z.string().min(1) });

  it('runs the handler with the parsed payload for the app', async () => {
    const handler = vi.fn(async (req: { name: string }) => `hello ${req.name}`);
    const listener = guardHandler(INVOKE_CHANNELS.saveStreamOpen, schema, handler, { isAppUrl, log: vi.fn() });
    await expect(listener(event({ url: 'app://claimscope/index.html', parent: null }), { name: 'x' })).resolves.toBe('hello x');
    expect(handler).toHaveBeenCalledOnce();
  });

  it('refuses a foreign sender before looking at the payload, and logs why', async () => {
    const handler = vi.fn();
    const log = vi.fn();
    const listener = guardHandler(INVOKE_CHANNELS.saveStreamOpen, schema, handler, { isAppUrl, log });
    await expect(listener(event({ url: 'https://evil.example/', parent: null }), { name: 'x' })).rejects.toThrow(
      'claimscope:save-stream-open: request refused',
    );
    expect(handler).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/'));
  });

  it.each([
    ['a missing field', {}],
    ['a wrong type', { name: 42 }],
    ['an extra field', { name: 'x', path: '/etc/passwd' }],
    ['no payload', undefined],
  ])('refuses %s and names the problem', async (_what, payload) => {
    const handler = vi.fn();
    const log = vi.fn();
    const listener = guardHandler(INVOKE_CHANNELS.saveStreamOpen, schema, handler, { isAppUrl, log });
    await expect(listener(event({ url: 'app://claimscope/index.html', parent: null }), payload)).rejects.toThrow(/invalid request/);
    expect(handler).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('invalid payload'));
  });
});

describe('createHandle', () => {
  it('registers the guarded listener on ipcMain under the channel', async () => {
    const registered = new Map<string, (e: IpcMainInvokeEvent, p: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, listener: (e: IpcMainInvokeEvent, p: unknown) => Promise<unknown>) => registered.set(channel, listener),
    };
    const handle = createHandle(ipcMain as never, { isAppUrl, log: vi.fn() });
    handle(INVOKE_CHANNELS.openFolder, z.undefined(), () => 'picked');
    const listener = registered.get('claimscope:open-folder');
    expect(listener).toBeDefined();
    await expect(listener?.(event({ url: 'app://claimscope/index.html', parent: null }), undefined)).resolves.toBe('picked');
    await expect(listener?.(event({ url: 'http://127.0.0.1:5173/', parent: null }), undefined)).rejects.toThrow(/refused/);
  });
});
