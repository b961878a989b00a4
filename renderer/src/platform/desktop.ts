import { SAVE_STREAM_CHUNK_BYTES, type DesktopApi } from '../../../electron/api.ts';
import type { InputFile, Platform } from './platform.ts';

/** The desktop implementation: every call goes through the preload bridge (`window.desktop`). */
export function createDesktopPlatform(api: DesktopApi): Platform {
  const toInputFiles = (files: readonly { name: string; data: Uint8Array }[]): InputFile[] =>
    files.map(({ name, data }) => ({ name, data }));
  return {
    kind: 'desktop',
    async saveFile(suggestedName, data, filters) {
      const result = await api.saveFile({ suggestedName, data, filters });
      return result.saved && result.path ? { saved: true, where: result.path } : { saved: result.saved };
    },
    async saveStream(suggestedName, filters) {
      const opened = await api.saveStreamOpen({ suggestedName, filters });
      if (!opened) return null;
      const { id } = opened;
      return {
        async write(chunk) {
          for (let at = 0; at < chunk.length; at += SAVE_STREAM_CHUNK_BYTES)
            await api.saveStreamWrite({ id, data: chunk.subarray(at, at + SAVE_STREAM_CHUNK_BYTES) });
        },
        async close() {
          return { where: (await api.saveStreamClose({ id })).path };
        },
        abort: () => api.saveStreamAbort({ id }),
      };
    },
    async openFiles(filters, multiple) {
      return toInputFiles(await api.openFiles({ filters, multiple }));
    },
    async openArchive(filters) {
      // The shell hands the file over whole (within the archive size limit); as a Blob it leaves the page's heap.
      const [file] = await api.openFiles({ filters, multiple: false });
      return file ? { name: file.name, blob: new Blob([file.data as Uint8Array<ArrayBuffer>], { type: 'application/zip' }) } : null;
    },
    async openFolder() {
      return toInputFiles(await api.openFolder());
    },
    onMenuCommand(listener) {
      return api.onMenuCommand(listener);
    },
    autoBackups: {
      write: (req) => api.writeAutoBackup(req),
      list: () => api.listAutoBackups(),
      read: (id) => api.readAutoBackup({ id }),
    },
    teamServer: {
      secrets: {
        get: (projectId) => api.getTeamPassword({ projectId }),
        async set(projectId, password, remember) {
          await api.setTeamPassword({ projectId, password, remember });
        },
        delete: (projectId) => api.deleteTeamPassword({ projectId }),
      },
      async allowServer(origin) {
        return { reload: (await api.allowTeamServer({ origin })).reload };
      },
      forgetServer: (origin) => api.forgetTeamServer({ origin }),
    },
  };
}
