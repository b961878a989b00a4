import { resolveConfig } from 'electron-vite';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds main and preload with the real electron.vite.config.ts (into a temp dir) and checks
// what Electron will load: a sandbox-compatible CommonJS preload and a self-contained ESM main.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let outDir: string;
let preload: string;
let main: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-build-'));
  // electron-vite reads package.json ("type": "module") from the working directory, which is
  // the project root under Vitest as under `npm run`.
  const { config } = await resolveConfig(
    { configFile: path.join(root, 'electron.vite.config.ts'), build: { outDir }, logLevel: 'silent' },
    'build',
    'production',
  );
  if (!config?.preload || !config.main) throw new Error('electron.vite.config.ts must define main and preload');
  for (const part of [config.preload, config.main]) {
    await build({ ...(part as InlineConfig), configFile: false, logLevel: 'silent' });
  }
  preload = await readFile(path.join(outDir, 'preload', 'preload.cjs'), 'utf8');
  main = await readFile(path.join(outDir, 'main', 'main.js'), 'utf8');
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('electron-vite build', () => {
  it('emits the preload as CommonJS that only requires electron (sandboxed preloads cannot load ESM or other modules)', () => {
    expect(preload).toMatch(/require\("electron"\)/);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld("desktop"');
  });

  it('emits main as an ES module with its dependencies bundled, so the package needs no node_modules', () => {
    const imported = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] as string);
    expect(imported).toContain('electron');
    expect(imported.every((name) => name === 'electron' || name.startsWith('node:'))).toBe(true);
    expect(main).not.toMatch(/require\(/);
  });

  it('points package.json "main" at the built entry', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/main.js');
  });
});
