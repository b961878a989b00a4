import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseShell, findElectronBinary, INSTALL_COMMAND, MISSING_BINARY_MESSAGE } from './electron-binary.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-electron-binary-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('accepts an existing executable file', async () => {
    const exe = path.join(dir, 'electron');
    await writeFile(exe, '#!/bin/sh\n');
    await chmod(exe, 0o755);
    expect(findElectronBinary({ requireElectron: () => exe })).toEqual({ ok: true, path: exe });
  });

  it.runIf(process.platform !== 'win32')('refuses a file that is not executable', async () => {
    const file = path.join(dir, 'electron');
    await writeFile(file, 'not a program');
    await chmod(file, 0o644);
    expect(findElectronBinary({ requireElectron: () => file })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an executable'),
    });
  });

  it('refuses a path that does not exist, or a folder', () => {
    expect(findElectronBinary({ requireElectron: () => path.join(dir, 'missing') }).ok).toBe(false);
    expect(findElectronBinary({ requireElectron: () => dir }).ok).toBe(false);
  });

  it("reports why when require('electron') throws (the binary was never downloaded)", () => {
    const result = findElectronBinary({
      requireElectron: () => {
        throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
      },
    });
    expect(result).toEqual({
      ok: false,
      reason:
        "require('electron') failed: Electron failed to install correctly, please delete node_modules/electron and try installing again",
    });
  });

  it('refuses a non-string result', () => {
    expect(findElectronBinary({ requireElectron: () => ({}) }).ok).toBe(false);
    expect(findElectronBinary({ requireElectron: () => '' }).ok).toBe(false);
  });

  it('reads the real node_modules/electron the way Node does', () => {
    // On this machine the binary may or may not be installed; either way the answer must be a
    // well-formed status, and a found binary must exist.
    const result = findElectronBinary();
    if (result.ok) expect(path.isAbsolute(result.path) && existsSync(result.path)).toBe(true);
    else expect(result.reason).toMatch(/electron/i);
  });
});

describe('chooseShell', () => {
  const present = { ok: true as const, path: '/opt/electron/electron' };
  const missing = { ok: false as const, reason: "require('electron') failed: no path.txt" };

  it('starts Electron straight away when the binary is there, without running the installer', () => {
    const install = vi.fn(() => true);
    expect(chooseShell({ find: () => present, install })).toEqual({ mode: 'electron', binaryPath: present.path, installed: false });
    expect(install).not.toHaveBeenCalled();
  });

  it('runs the installer once and starts Electron when that fetched the binary', () => {
    const find = vi.fn().mockReturnValueOnce(missing).mockReturnValueOnce(present);
    const install = vi.fn(() => true);
    expect(chooseShell({ find, install })).toEqual({ mode: 'electron', binaryPath: present.path, installed: true });
    expect(install).toHaveBeenCalledOnce();
  });

  it('falls back to the browser with the one-sentence message when the installer fails', () => {
    const install = vi.fn(() => false);
    const choice = chooseShell({ find: () => missing, install });
    expect(choice).toEqual({
      mode: 'web',
      message: MISSING_BINARY_MESSAGE,
      reason: `${missing.reason}; the installer could not fetch the binary`,
    });
    expect(install).toHaveBeenCalledOnce();
  });

  it('falls back to the browser when the installer exits cleanly but leaves no binary (download skipped)', () => {
    const choice = chooseShell({ find: () => missing, install: () => true });
    expect(choice).toMatchObject({ mode: 'web', reason: missing.reason });
  });
});

describe('MISSING_BINARY_MESSAGE', () => {
  it('is one plain sentence naming the problem and the fix', () => {
    expect(MISSING_BINARY_MESSAGE).toContain('Electron binary is not installed');
    expect(MISSING_BINARY_MESSAGE).toContain(INSTALL_COMMAND);
    expect(INSTALL_COMMAND).toBe('node node_modules/electron/install.js');
    expect(MISSING_BINARY_MESSAGE).not.toContain('\n');
    expect(MISSING_BINARY_MESSAGE.trimEnd().endsWith('.')).toBe(true);
    expect(MISSING_BINARY_MESSAGE.slice(0, -1)).not.toMatch(/[.!?]\s/);
  });
});
