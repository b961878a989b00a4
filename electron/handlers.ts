// The desktop API's main-process side: one schema and one handler per invoke channel.
// Dependencies (dialog, window lookup, folders) are passed in so the handlers run in tests.
import type { BrowserWindow, Dialog, WebContents } from 'electron';
import { z } from 'zod';
import { INVOKE_CHANNELS } from './api.ts';
import {
  BACKUP_NAME_PATTERN,
  MAX_PICKED_BYTES,
  openFilesWithDialog,
  openFolderWithDialog,
  saveWithDialog,
  writeBackup,
  type ReadLimits,
  DEFAULT_READ_LIMITS,
} from './files.ts';
import type { HandleFn } from './ipc.ts';

const fileFilterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_-]{0,15})$/, 'an extension without the dot, or *')).min(1).max(30),
});
const filtersSchema = z.array(fileFilterSchema).max(20);

/** Payload a renderer could plausibly send: text or bytes, no larger than what we accept to read. */
const fileDataSchema = z.union([
  z.string().max(MAX_PICKED_BYTES),
  z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= MAX_PICKED_BYTES, 'data is larger than 200 MB'),
]);

export const saveFileRequest = z.strictObject({
  suggestedName: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !/[\\/\0]/.test(name) && name !== '.' && name !== '..', 'a file name, not a path'),
  data: fileDataSchema,
  filters: filtersSchema,
});
export const openFilesRequest = z.strictObject({ filters: filtersSchema, multiple: z.boolean() });
export const openFolderRequest = z.undefined();
export const writeBackupRequest = z.strictObject({
  name: z.string().regex(BACKUP_NAME_PATTERN, 'a plain file name (letters, digits, space, . _ -), at most 100 characters'),
  data: z.string().max(MAX_PICKED_BYTES),
});

export interface HandlerDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window that owns a request's dialogs. */
  windowFor(sender: WebContents): BrowserWindow | null;
  /** Where the save dialog starts, e.g. the user's Documents folder. */
  defaultSaveDir(): string;
  /** `<userData>/backups`. */
  backupsDir(): string;
  limits?: ReadLimits;
}

function requireWindow(deps: HandlerDeps, sender: WebContents): BrowserWindow {
  const win = deps.windowFor(sender);
  if (!win) throw new Error('The window that asked for a dialog is closed.');
  return win;
}

export function registerDesktopHandlers(handle: HandleFn, deps: HandlerDeps): void {
  const limits = deps.limits ?? DEFAULT_READ_LIMITS;
  handle(INVOKE_CHANNELS.saveFile, saveFileRequest, (req, event) =>
    saveWithDialog(deps.dialog, requireWindow(deps, event.sender), { ...req, defaultDir: deps.defaultSaveDir() }),
  );
  handle(INVOKE_CHANNELS.openFiles, openFilesRequest, (req, event) =>
    openFilesWithDialog(deps.dialog, requireWindow(deps, event.sender), req, limits),
  );
  handle(INVOKE_CHANNELS.openFolder, openFolderRequest, (_req, event) =>
    openFolderWithDialog(deps.dialog, requireWindow(deps, event.sender), limits),
  );
  handle(INVOKE_CHANNELS.writeBackup, writeBackupRequest, (req) => writeBackup(deps.backupsDir(), req.name, req.data));
}
