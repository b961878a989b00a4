import { ARCHIVE_READ_CHUNK_BYTES, SAVE_STREAM_CHUNK_BYTES, type DesktopApi } from '../../../electron/api.ts';
import type { ByteSource, InputFile, Platform, SaveTarget } from './platform.ts';

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

/** A save the shell holds open: bytes go over IPC in chunks of at most SAVE_STREAM_CHUNK_BYTES. */
function shellWriter(api: DesktopApi, id: string): Pick<SaveTarget, 'write' | 'abort'> {
  return {
    async write(chunk) {
      for (let at = 0; at < chunk.length; at += SAVE_STREAM_CHUNK_BYTES)
        await api.saveStreamWrite({ id, data: chunk.subarray(at, at + SAVE_STREAM_CHUNK_BYTES) });
    },
    abort: () => api.saveStreamAbort({ id }),
  };
}

/** The desktop implementation: every call goes through the preload bridge (`window.desktop`). */
export function createDesktopPlatform(api: DesktopApi): Platform {
  const toInputFiles = (files: readonly { name: string; data: Uint8Array }[]): InputFile[] =>
    files.map(({ name, data }) => ({ name, data }));
  const saveStream: Platform['saveStream'] = async (suggestedName, filters) => {
    const opened = await api.saveStreamOpen({ suggestedName, filters });
    if (!opened) return null;
    return { ...shellWriter(api, opened.id), close: async () => ({ where: (await api.saveStreamClose({ id: opened.id })).path }) };
  };
  return {
    kind: 'desktop',
    async saveFile(suggestedName, data, filters) {
      // Written as a streamed save, in chunks: no file is handed to the shell whole, whatever its size.
      const target = await saveStream(suggestedName, filters);
      if (!target) return { saved: false };
      try {
        await target.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      } catch (err) {
        await target.abort().catch(() => undefined);
        throw err;
      }
      const { where } = await target.close();
      return where ? { saved: true, where } : { saved: true };
    },
    saveStream,
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
      async start(req) {
        const { id } = await api.autoBackupStart(req);
        return { ...shellWriter(api, id), close: () => api.autoBackupFinish({ id }) };
      },
      list: () => api.listAutoBackups(),
      // The shell keeps the backup open and hands it over a chunk at a time, as a chosen archive.
      open: async (id) => shellSource(api, await api.autoBackupOpen({ id })),
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
