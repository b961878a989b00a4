// Runs in the sandboxed, isolated preload world and gives the page exactly the DesktopApi:
// one function per channel. Never ipcRenderer itself, a generic send, or the raw IPC event.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { INVOKE_CHANNELS, MENU_COMMAND_CHANNEL, MENU_COMMANDS, type DesktopApi, type MenuCommand } from './api.ts';

const desktop = {
  kind: 'desktop',
  saveFile: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.saveFile, req),
  saveStreamOpen: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.saveStreamOpen, req),
  saveStreamWrite: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.saveStreamWrite, req),
  saveStreamClose: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.saveStreamClose, req),
  saveStreamAbort: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.saveStreamAbort, req),
  openFiles: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.openFiles, req),
  archiveOpen: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.archiveOpen, req),
  archiveRead: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.archiveRead, req),
  archiveClose: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.archiveClose, req),
  openFolder: () => ipcRenderer.invoke(INVOKE_CHANNELS.openFolder),
  writeAutoBackup: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.writeAutoBackup, req),
  listAutoBackups: () => ipcRenderer.invoke(INVOKE_CHANNELS.listAutoBackups),
  readAutoBackup: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.readAutoBackup, req),
  getTeamPassword: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.getTeamPassword, req),
  setTeamPassword: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.setTeamPassword, req),
  deleteTeamPassword: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.deleteTeamPassword, req),
  allowTeamServer: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.allowTeamServer, req),
  forgetTeamServer: (req) => ipcRenderer.invoke(INVOKE_CHANNELS.forgetTeamServer, req),
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
