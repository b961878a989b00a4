#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed (fetched once if missing),
// otherwise the production web build served for the browser on http://127.0.0.1:5173/.
// Ctrl+C (SIGINT) or SIGTERM stops whatever this started.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chooseShell, PROJECT_ROOT } from './electron-binary.mjs';
import { portTakenMessage, WEB_PORT } from './port.mjs';
import { startStaticServer } from './serve-static.mjs';

const SIGNALS = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

async function startElectron(binaryPath) {
  const { build } = await import('electron-vite');
  // electron-vite reads package.json ("type": "module" → ESM main) from the working directory.
  process.chdir(PROJECT_ROOT);
  await build({ root: PROJECT_ROOT, configFile: path.join(PROJECT_ROOT, 'electron.vite.config.ts') });
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
  const child = spawn(binaryPath, ['.'], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Electron could not be started: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * The browser version: the production web build (the same bundle and Content-Security-Policy as
 * the packaged app, not a dev server) on one fixed address. The browser keeps the database per
 * address, so the port never moves: when it is taken, say so and stop.
 */
async function startWeb() {
  const port = Number(process.env.CLAIMSCOPE_PORT ?? WEB_PORT);
  console.log('Building the web app…');
  const { build } = await import('vite');
  await build({ configFile: path.join(PROJECT_ROOT, 'vite.web.config.ts'), logLevel: 'warn' });
  let server;
  try {
    server = await startStaticServer({ root: path.join(PROJECT_ROOT, 'dist', 'web'), port });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.error(await portTakenMessage(port));
    process.exit(1);
  }
  console.log(`Claimscope is running in your browser at ${server.url} (press Ctrl+C to stop).`);
  let closing = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

const choice = chooseShell();
try {
  if (choice.mode === 'electron') {
    await startElectron(choice.binaryPath);
  } else {
    console.log(choice.message);
    await startWeb();
  }
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
}
