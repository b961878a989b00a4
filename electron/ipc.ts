// Every ipcMain.handle goes through `handle`: the sender must be the app's own top-level frame,
// and the payload must match its zod schema, before the handler runs. ipcMain is passed in so
// the checks are tested in Node with fake events.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { InvokeChannel } from './api.ts';

/** The parts of an invoke event the sender check reads. */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
}

export type SenderCheck = { ok: true } | { ok: false; reason: string };

/**
 * Accepts only the top-level frame of a page on the app origin (`isAppUrl`). A destroyed frame,
 * a sub-frame or any other URL is refused.
 */
export function checkSender(event: SenderInfo, isAppUrl: (url: string) => boolean): SenderCheck {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (frame.parent !== null) return { ok: false, reason: `the sender is a sub-frame (${frame.url})` };
  if (!isAppUrl(frame.url)) return { ok: false, reason: `the sender is not the app (${frame.url || 'no URL'})` };
  return { ok: true };
}

export type Handler<S extends z.ZodType, R> = (payload: z.output<S>, event: IpcMainInvokeEvent) => Promise<R> | R;

export interface IpcOptions {
  isAppUrl: (url: string) => boolean;
  log: (message: string) => void;
}

/**
 * Wraps `handler` with the sender check and payload validation. The returned listener is what
 * `ipcMain.handle` receives; a refusal rejects the renderer's `invoke` with a plain message and
 * logs the reason in the main process.
 */
export function guardHandler<S extends z.ZodType, R>(
  channel: InvokeChannel,
  schema: S,
  handler: Handler<S, R>,
  options: IpcOptions,
): (event: IpcMainInvokeEvent, payload: unknown) => Promise<R> {
  return async (event, payload) => {
    const sender = checkSender(event, options.isAppUrl);
    if (!sender.ok) {
      options.log(`IPC ${channel} refused: ${sender.reason}`);
      throw new Error(`${channel}: request refused`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const problem = z.prettifyError(parsed.error);
      options.log(`IPC ${channel} refused: invalid payload\n${problem}`);
      throw new Error(`${channel}: invalid request\n${problem}`);
    }
    return handler(parsed.data, event);
  };
}

export type HandleFn = <S extends z.ZodType, R>(channel: InvokeChannel, schema: S, handler: Handler<S, R>) => void;

/** `handle(channel, schema, handler)` bound to one ipcMain and one policy. */
export function createHandle(ipcMain: Pick<IpcMain, 'handle'>, options: IpcOptions): HandleFn {
  return (channel, schema, handler) => {
    ipcMain.handle(channel, guardHandler(channel, schema, handler, options));
  };
}
