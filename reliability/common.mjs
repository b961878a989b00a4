// Small helpers shared by the suite's browser scripts and its runner.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `--name value` from the command line, else the fallback. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Writes one part's figures where the runner collects them (RELIABILITY_OUT), if set. */
export async function writeFigures(part, figures) {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${part}.json`), JSON.stringify(figures, null, 2));
}
