export type BinaryStatus = { ok: true; path: string } | { ok: false; reason: string };
export type ShellChoice = { mode: 'electron'; binaryPath: string; installed: boolean } | { mode: 'web'; message: string; reason: string };

export const PROJECT_ROOT: string;
export const INSTALL_COMMAND: string;
export const MISSING_BINARY_MESSAGE: string;
export function findElectronBinary(deps?: {
  requireElectron?: () => unknown;
  isExecutable?: (file: string) => boolean;
  root?: string;
}): BinaryStatus;
export function runElectronInstaller(root?: string): boolean;
export function chooseShell(deps?: { find?: () => BinaryStatus; install?: () => boolean }): ShellChoice;
