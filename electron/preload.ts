// Runs in the sandboxed, isolated preload world and gives the page exactly the DesktopApi:
// one function per channel. Never ipcRenderer itself, a generic send, or the raw IPC event.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { INVOKE_CHANNELS, MENU_COMMAND_CHANNEL, MENU_COMMANDS, type DesktopApi, type InvokeMethod, type MenuCommand } from './api.ts';

/**
 * One function per invoke channel, made from INVOKE_CHANNELS (the one list of channels): each
 * passes on its request (or nothing) and never more than that one argument.
 */
const invokers = Object.fromEntries(
  Object.entries(INVOKE_CHANNELS).map(([method, channel]) => [
    method,
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args.slice(0, 1)),
  ]),
) as Pick<DesktopApi, InvokeMethod>;

const desktop = {
  kind: 'desktop',
  ...invokers,
  onMenuCommand(listener) {
    const forward = (_event: IpcRendererEvent, command: unknown) => {
      if (MENU_COMMANDS.includes(command as MenuCommand)) listener(command as MenuCommand);
    };
    ipcRenderer.on(MENU_COMMAND_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, forward);
    };
  },
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('desktop', desktop);
