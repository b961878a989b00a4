// The desktop API's main-process side: one schema and one handler per invoke channel.
// Dependencies (dialog, window lookup, folders) are passed in so the handlers run in tests.
import type { BrowserWindow, Dialog, WebContents } from 'electron';
import { z } from 'zod';
import { ARCHIVE_READ_CHUNK_BYTES, INVOKE_CHANNELS, SAVE_STREAM_CHUNK_BYTES } from './api.ts';
import { formatMegabytes } from '../renderer/core/formats/limits.ts';
import { autoBackupPath, AutoBackupWriter, BACKUP_ID_PATTERN, listAutoBackups, PROJECT_ID_PATTERN } from './backups.ts';
import {
  DEFAULT_READ_LIMITS,
  openFilesWithDialog,
  openFolderWithDialog,
  openReadStreamWithDialog,
  openSaveStreamWithDialog,
  ReadStreams,
  SaveStreams,
  type ReadLimits,
} from './files.ts';
import type { HandleFn } from './ipc.ts';
import type { PasswordKeeper, ServerOrigins } from './teamServer.ts';

const fileFilterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_-]{0,15})$/, 'an extension without the dot, or *'))
    .min(1)
    .max(30),
});
const filtersSchema = z.array(fileFilterSchema).max(20);

const suggestedNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/\0]/.test(name) && name !== '.' && name !== '..', 'a file name, not a path');
const saveIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'the id of an open save');
export const saveStreamOpenRequest = z.strictObject({ suggestedName: suggestedNameSchema, filters: filtersSchema });
export const saveStreamWriteRequest = z.strictObject({
  id: saveIdSchema,
  data: z
    .instanceof(Uint8Array)
    .refine((bytes) => bytes.byteLength <= SAVE_STREAM_CHUNK_BYTES, `a chunk is at most ${formatMegabytes(SAVE_STREAM_CHUNK_BYTES)}`),
});
export const saveStreamIdRequest = z.strictObject({ id: saveIdSchema });
export const openFilesRequest = z.strictObject({ filters: filtersSchema, multiple: z.boolean() });
export const archiveOpenRequest = z.strictObject({ filters: filtersSchema });
const readIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'the id of an open archive');
export const archiveReadRequest = z.strictObject({
  id: readIdSchema,
  from: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  length: z
    .number()
    .int()
    .min(1)
    .max(ARCHIVE_READ_CHUNK_BYTES, `a read is at most ${formatMegabytes(ARCHIVE_READ_CHUNK_BYTES)}`),
});
export const archiveIdRequest = z.strictObject({ id: readIdSchema });
export const openFolderRequest = z.undefined();
export const autoBackupStartRequest = z.strictObject({
  projectId: z.string().regex(PROJECT_ID_PATTERN, 'a project id'),
  projectName: z.string().max(500),
  reason: z.enum(['daily', 'upgrade']),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
});
export const listAutoBackupsRequest = z.undefined();
export const autoBackupOpenRequest = z.strictObject({ id: z.string().regex(BACKUP_ID_PATTERN, 'the name of an automatic backup') });
const projectIdSchema = z.string().regex(PROJECT_ID_PATTERN, 'a project id');
export const teamPasswordRequest = z.strictObject({ projectId: projectIdSchema });
export const setTeamPasswordRequest = z.strictObject({
  projectId: projectIdSchema,
  password: z.string().min(1).max(1024),
  remember: z.boolean(),
});
/** One http(s) origin; checkSyncOrigin (renderer/csp.mjs) then refuses wildcards, paths and odd hosts. */
export const teamServerRequest = z.strictObject({ origin: z.string().min(1).max(300) });

export interface HandlerDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window that owns a request's dialogs. */
  windowFor(sender: WebContents): BrowserWindow | null;
  /** Where the save dialog starts, e.g. the user's Documents folder. */
  defaultSaveDir(): string;
  /** `<userData>/backups`, where the automatic backups go. */
  backupsDir(): string;
  limits?: ReadLimits;
  /** Team project passwords (safeStorage) and the team servers' origins the policy admits. */
  passwords: PasswordKeeper;
  servers: ServerOrigins;
}

function requireWindow(deps: HandlerDeps, sender: WebContents): BrowserWindow {
  const win = deps.windowFor(sender);
  if (!win) throw new Error('The window that asked for a dialog is closed.');
  return win;
}

export function registerDesktopHandlers(handle: HandleFn, deps: HandlerDeps): void {
  const limits = deps.limits ?? DEFAULT_READ_LIMITS;
  const streams = new SaveStreams();
  const archives = new ReadStreams(ARCHIVE_READ_CHUNK_BYTES);
  const backups = new AutoBackupWriter(deps.backupsDir, streams);
  // A window that closes or crashes part-way leaves no temporary file and no file open: one listener a window.
  const watched = new Set<number>();
  const watch = (sender: WebContents) => {
    const owner = sender.id;
    if (watched.has(owner)) return;
    watched.add(owner);
    sender.once?.('destroyed', () => {
      watched.delete(owner);
      void streams.abortAll(owner);
      void archives.closeAll(owner);
    });
  };
  handle(INVOKE_CHANNELS.saveStreamOpen, saveStreamOpenRequest, async (req, event) => {
    const opened = await openSaveStreamWithDialog(deps.dialog, requireWindow(deps, event.sender), streams, event.sender.id, {
      ...req,
      defaultDir: deps.defaultSaveDir(),
    });
    if (opened) watch(event.sender);
    return opened;
  });
  handle(INVOKE_CHANNELS.saveStreamWrite, saveStreamWriteRequest, (req, event) => streams.write(event.sender.id, req.id, req.data));
  handle(INVOKE_CHANNELS.saveStreamClose, saveStreamIdRequest, async (req, event) => ({
    path: (await streams.finish(event.sender.id, req.id)).path,
  }));
  handle(INVOKE_CHANNELS.saveStreamAbort, saveStreamIdRequest, (req, event) => streams.abort(event.sender.id, req.id));
  handle(INVOKE_CHANNELS.archiveOpen, archiveOpenRequest, async (req, event) => {
    const opened = await openReadStreamWithDialog(deps.dialog, requireWindow(deps, event.sender), archives, event.sender.id, req);
    if (opened) watch(event.sender);
    return opened;
  });
  handle(INVOKE_CHANNELS.archiveRead, archiveReadRequest, (req, event) => archives.read(event.sender.id, req.id, req.from, req.length));
  handle(INVOKE_CHANNELS.archiveClose, archiveIdRequest, (req, event) => archives.close(event.sender.id, req.id));
  handle(INVOKE_CHANNELS.openFiles, openFilesRequest, (req, event) =>
    openFilesWithDialog(deps.dialog, requireWindow(deps, event.sender), req, limits),
  );
  handle(INVOKE_CHANNELS.openFolder, openFolderRequest, (_req, event) =>
    openFolderWithDialog(deps.dialog, requireWindow(deps, event.sender), limits),
  );
  handle(INVOKE_CHANNELS.autoBackupStart, autoBackupStartRequest, async (req, event) => {
    const id = await backups.start(event.sender.id, req);
    watch(event.sender);
    return { id };
  });
  handle(INVOKE_CHANNELS.autoBackupFinish, saveStreamIdRequest, (req, event) => backups.finish(event.sender.id, req.id));
  handle(INVOKE_CHANNELS.listAutoBackups, listAutoBackupsRequest, () => listAutoBackups(deps.backupsDir()));
  handle(INVOKE_CHANNELS.autoBackupOpen, autoBackupOpenRequest, async (req, event) => {
    const opened = await archives.open(event.sender.id, autoBackupPath(deps.backupsDir(), req.id));
    watch(event.sender);
    return opened;
  });
  handle(INVOKE_CHANNELS.getTeamPassword, teamPasswordRequest, (req) => deps.passwords.get(req.projectId));
  handle(INVOKE_CHANNELS.setTeamPassword, setTeamPasswordRequest, (req) => deps.passwords.set(req.projectId, req.password, req.remember));
  handle(INVOKE_CHANNELS.deleteTeamPassword, teamPasswordRequest, (req) => deps.passwords.delete(req.projectId));
  handle(INVOKE_CHANNELS.allowTeamServer, teamServerRequest, (req) => deps.servers.allow(req.origin));
  handle(INVOKE_CHANNELS.forgetTeamServer, teamServerRequest, (req) => deps.servers.forget(req.origin));
}
