import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MISSING_BINARY_MESSAGE, PROJECT_ROOT } from './electron-binary.mjs';

// Runs the real `npm start` script with the Electron binary made unavailable (and its download
// skipped), so it must fall back to serving the app for the browser, and stop on Ctrl+C.
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function waitForLine(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<{ match: RegExpMatchArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start.mjs exited early with ${code}; output:\n${output}`));
    });
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

describe('npm start without the Electron binary', () => {
  it('says why in one sentence, serves the app on 127.0.0.1, and stops on Ctrl+C', async () => {
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'start.mjs')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        ELECTRON_OVERRIDE_DIST_PATH: path.join(PROJECT_ROOT, 'no-electron-here'),
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { match, output } = await waitForLine(child, /running in your browser at (http:\/\/127\.0\.0\.1:\d+\/)/, 30_000);
    expect(output.split('\n')[0]).toBe(MISSING_BINARY_MESSAGE);
    const url = match[1] as string;

    const response = await fetch(`${url}@vite/client`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);

    const done = exited(child);
    child.kill('SIGINT');
    expect(await done).toEqual({ code: 0, signal: null });
    await expect(fetch(url)).rejects.toThrow();
  }, 45_000);
});
