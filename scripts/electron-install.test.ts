import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary, PROJECT_ROOT } from './electron-binary.mjs';

// The first start of `npm start` runs Electron's own installer (node_modules/electron/install.js)
// with the Node that runs npm. Electron 45's installer and its helpers declare Node >= 22.12; this
// runs the real installer, on the Node running the tests, against a local mirror that serves a
// stand-in Electron zip and its checksum, into a copy of the electron package, and checks that
// `require('electron')` then finds an executable.
const version = (
  JSON.parse(await readFile(path.join(PROJECT_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;
const platformName = process.platform === 'win32' ? 'win32' : process.platform;
const zipName = `electron-v${version}-${platformName}-${process.arch}.zip`;
const executable =
  process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';

let dir: string;
let server: Server;
let mirror: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-electron-install-'));
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  await cp(path.join(PROJECT_ROOT, 'node_modules', 'electron'), path.join(modules, 'electron'), {
    recursive: true,
    filter: (src) => !/[\\/]electron[\\/](dist|path\.txt)/.test(path.relative(PROJECT_ROOT, src)),
  });
  // The installer's dependencies resolve from their real location in the project.
  for (const scope of ['@electron', '@electron-internal'])
    await symlink(path.join(PROJECT_ROOT, 'node_modules', scope), path.join(modules, scope), 'dir');
  const zip = zipSync({ [executable]: [new TextEncoder().encode('#!/bin/sh\necho stand-in\n'), { os: 3, attrs: 0o100755 << 16 }] });
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
  server = createServer((req, res) => {
    if (req.url === `/v${version}/${zipName}`) res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from(zip));
    else if (req.url === `/v${version}/SHASUMS256.txt`) res.writeHead(200, { 'content-type': 'text/plain' }).end(sums);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe("Electron's installer on this Node", () => {
  it(`fetches, checks and unpacks Electron ${version} on Node ${process.versions.node}`, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_MIRROR: mirror,
      electron_use_remote_checksums: '1',
      electron_config_cache: path.join(dir, 'cache'),
    };
    delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
    delete env['ELECTRON_OVERRIDE_DIST_PATH'];
    const child = spawn(process.execPath, [path.join(dir, 'node_modules', 'electron', 'install.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    const found = findElectronBinary({ root: dir });
    expect(found).toEqual({ ok: true, path: path.join(dir, 'node_modules', 'electron', 'dist', executable) });
  }, 60_000);
});
