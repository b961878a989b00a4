import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../renderer/csp.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { MISSING_BINARY_MESSAGE, PROJECT_ROOT } from './electron-binary.mjs';
import { portTakenMessage } from './port.mjs';

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
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function startScript(port: number): ChildProcess {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'start.mjs')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: path.join(PROJECT_ROOT, 'no-electron-here'),
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      CLAIMSCOPE_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('npm start without the Electron binary', () => {
  it("says why in one sentence, serves the production build with the app's CSP on the fixed port, and stops on Ctrl+C", async () => {
    const port = await freePort();
    child = startScript(port);
    const { match, output } = await waitForLine(child, /running in your browser at (http:\/\/127\.0\.0\.1:\d+\/)/, 90_000);
    expect(output.split('\n')[0]).toBe(MISSING_BINARY_MESSAGE);
    const url = match[1] as string;
    expect(url).toBe(`http://127.0.0.1:${port}/`);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    const html = await page.text();
    expect(html).toContain('<title>Claimscope</title>');
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}"`);
    // The production bundle, not the dev server.
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js">/);
    expect((await fetch(`${url}@vite/client`)).status).toBe(404);

    const done = exited(child);
    child.kill('SIGINT');
    expect(await done).toEqual({ code: 0, signal: null });
    await expect(fetch(url)).rejects.toThrow();
  }, 120_000);

  it('says so and stops when the port is taken, instead of moving to another address', async () => {
    const port = await freePort();
    const other = createServer((_req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      child = startScript(port);
      const { output } = await waitForLine(child, /Port \d+ on 127\.0\.0\.1 is taken[^\n]*\n/, 90_000).catch((error: Error) => ({
        output: error.message,
      }));
      expect(output).toContain(`Port ${port} on 127.0.0.1 is taken by another program, so Claimscope cannot start its browser version.`);
      expect(output).toContain('on another port they would look empty');
      expect(await exited(child)).toEqual({ code: 1, signal: null });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }, 120_000);
});

describe('portTakenMessage', () => {
  it('tells apart another Claimscope from another program', async () => {
    const page = (body: string) => async () => new Response(body);
    expect(await portTakenMessage(5173, page('<title>Claimscope</title>'))).toBe(
      'Claimscope is already running at http://127.0.0.1:5173/: open that address in your browser, or stop the other `npm start` first.',
    );
    expect(await portTakenMessage(5173, page('<title>Jupyter</title>'))).toMatch(/^Port 5173 on 127\.0\.0\.1 is taken by another program/);
    expect(await portTakenMessage(5173, async () => Promise.reject(new Error('ECONNRESET')))).toMatch(/taken by another program/);
  });
});
