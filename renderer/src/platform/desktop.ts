import { ARCHIVE_READ_CHUNK_BYTES, SAVE_STREAM_CHUNK_BYTES, type DesktopApi } from '../../../electron/api.ts';
import type { ByteSource, InputFile, Platform } from './platform.ts';

/** A file the shell holds open, read over IPC a chunk (at most ARCHIVE_READ_CHUNK_BYTES) at a time. */
function shellSource(api: DesktopApi, opened: { id: string; name: string; size: number }): ByteSource {
  const { id, name, size } = opened;
  return {
    name,
    size,
    async read(from, to) {
      const end = Math.min(to, size);
      if (end <= from) return new Uint8Array(0);
      if (end - from <= ARCHIVE_READ_CHUNK_BYTES) return api.archiveRead({ id, from, length: end - from });
      const out = new Uint8Array(end - from);
      for (let at = from; at < end;) {
        const part = await api.archiveRead({ id, from: at, length: Math.min(ARCHIVE_READ_CHUNK_BYTES, end - at) });
        if (part.length === 0)
          throw new Error(`${name} ended before its ${size.toLocaleString('en')} bytes: it changed while it was read.`);
        out.set(part, at - from);
        at += part.length;
      }
      return out;
    },
    close: () => api.archiveClose({ id }),
  };
}

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
      // The shell keeps the file open and hands it over a chunk at a time, as the restore reads it.
      const opened = await api.archiveOpen({ filters });
      return opened ? shellSource(api, opened) : null;
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
