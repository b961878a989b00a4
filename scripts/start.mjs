#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed (fetched once if missing),
// otherwise the same renderer served for the browser by Vite on 127.0.0.1.
// Ctrl+C (SIGINT) or SIGTERM stops whatever this started.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chooseShell, PROJECT_ROOT } from './electron-binary.mjs';

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

async function startWeb() {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: path.join(PROJECT_ROOT, 'vite.web.config.ts'),
    server: { host: '127.0.0.1' },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
  console.log(`Claimscope is running in your browser at ${url} (press Ctrl+C to stop).`);
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
