#!/usr/bin/env node
// The `claimscope` command (package.json "bin"). The CLI is TypeScript (cli/, over renderer/core);
// it runs from one bundled ES module, cli/dist/claimscope.mjs, which `npm install`/`npm ci` build
// through the "prepare" script. This launcher (re)builds it first when it is missing or older than
// its sources, so `npx claimscope` works in a checkout without a manual build step.
//   node bin/claimscope.mjs --build   build the bundle and exit (used by "prepare")
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'cli', 'dist', 'claimscope.mjs');
const SOURCES = [path.join(root, 'cli'), path.join(root, 'renderer', 'core'), path.join(root, 'seeds'), path.join(root, 'package.json')];

function newestSource(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return /\.(ts|json)$/.test(file) && !/\.test\.ts$/.test(file) ? s.mtimeMs : 0;
  if (file === path.join(root, 'cli', 'dist') || path.basename(file).startsWith('.build-')) return 0;
  let newest = 0;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestSource(path.join(file, entry)));
  return newest;
}

/** Builds into a private folder, then moves the bundle into place (atomic, safe with parallel runs). */
function build() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    process.stderr.write(
      'claimscope: error: the command-line tool is not built and Vite is missing; run `npm ci` in the Claimscope checkout first.\n',
    );
    return false;
  }
  const out = path.join(root, 'cli', `.build-${process.pid}-${Date.now()}`);
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'cli/vite.config.ts', '--outDir', out], {
    cwd: root,
    encoding: 'utf8',
  });
  try {
    if (r.status !== 0) {
      process.stderr.write(`claimscope: error: building the command-line tool failed:\n${r.stderr || r.stdout}\n`);
      return false;
    }
    mkdirSync(path.dirname(bundle), { recursive: true });
    renameSync(path.join(out, 'claimscope.mjs'), bundle);
    return true;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--build') {
  // "prepare" must not break `npm ci` for the app: report a failure, and the next run retries.
  if (!build()) process.stderr.write('claimscope: the CLI bundle was not built; `npx claimscope` will try again.\n');
} else {
  const stale = !existsSync(bundle) || Math.max(...SOURCES.map(newestSource)) > statSync(bundle).mtimeMs;
  if (stale && !build()) process.exit(1);
  await import(pathToFileURL(bundle).href);
}
