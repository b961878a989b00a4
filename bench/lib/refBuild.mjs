// The web build of another commit (a branch, `main`), for suites that measure it beside this
// checkout's build in one interleaved run: its files from `git archive`, this checkout's
// node_modules, built into bench/.tmp/<name>-web.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** Builds `ref`'s web app; returns the folder it is in. `env` is added to the build's environment. */
export function buildRef(ref, name, log, env = {}) {
  const src = path.join(ROOT, 'bench', '.tmp', `${name}-src`);
  const out = path.join(ROOT, 'bench', '.tmp', `${name}-web`);
  log(`  building ${ref}'s web build for the comparison…`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(src)}`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  if (!existsSync(path.join(src, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
  const built = spawnSync('npm', ['run', 'build:web', '--', '--outDir', out, '--emptyOutDir'], {
    cwd: src,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (built.status !== 0) throw new Error(`${ref}'s web build failed: ${built.stderr}`);
  return out;
}
