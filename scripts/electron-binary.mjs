// Finds the Electron executable and decides how `npm start` runs: the desktop shell when the
// binary is there (after one attempt to fetch it), otherwise the same app in the browser.
// Side effects (require, fs, spawning the installer) are injectable so the decision is tested.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const INSTALL_COMMAND = 'node node_modules/electron/install.js';
export const MISSING_BINARY_MESSAGE =
  `The Claimscope desktop shell can't start because the Electron binary is not installed; ` +
  `to fix it, run \`${INSTALL_COMMAND}\` on a machine with internet access, and until then use the browser version served below.`;

/** What `require('electron')` returns from Node: the path of the executable (or it throws). */
function requireElectronPath(root) {
  const require = createRequire(path.join(root, 'package.json'));
  const resolved = require.resolve('electron');
  // A failed earlier require leaves nothing cached, but a stale successful one would; always re-read.
  delete require.cache[resolved];
  return require('electron');
}

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `{ ok: true, path }` when the Electron executable exists, else `{ ok: false, reason }`.
 * @param {{ requireElectron?: () => unknown, isExecutable?: (file: string) => boolean, root?: string }} [deps]
 */
export function findElectronBinary(deps = {}) {
  const root = deps.root ?? PROJECT_ROOT;
  const requireElectron = deps.requireElectron ?? (() => requireElectronPath(root));
  const isExecutable = deps.isExecutable ?? isExecutableFile;
  let value;
  try {
    value = requireElectron();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `require('electron') failed: ${detail}` };
  }
  if (typeof value !== 'string' || value.length === 0) {
    return { ok: false, reason: "require('electron') did not return a path" };
  }
  if (!isExecutable(value)) return { ok: false, reason: `${value} is not an executable file` };
  return { ok: true, path: value };
}

/**
 * Runs Electron's own installer once (downloads the binary on a machine with internet access).
 * Its output is kept quiet; the caller reports the outcome. Returns true when it exited cleanly.
 */
export function runElectronInstaller(root = PROJECT_ROOT) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: 10 * 60 * 1000,
  });
  return result.status === 0;
}

/**
 * Decides how to start: `{ mode: 'electron', binaryPath }` or `{ mode: 'web', message, reason }`.
 * The installer runs at most once, and only when the binary is missing.
 * @param {{ find?: () => ({ ok: true, path: string } | { ok: false, reason: string }), install?: () => boolean }} [deps]
 */
export function chooseShell(deps = {}) {
  const find = deps.find ?? (() => findElectronBinary());
  const install = deps.install ?? (() => runElectronInstaller());
  const first = find();
  if (first.ok) return { mode: 'electron', binaryPath: first.path, installed: false };
  const installerSucceeded = install();
  const second = find();
  if (second.ok) return { mode: 'electron', binaryPath: second.path, installed: true };
  const reason = installerSucceeded ? second.reason : `${second.reason}; the installer could not fetch the binary`;
  return { mode: 'web', message: MISSING_BINARY_MESSAGE, reason };
}
