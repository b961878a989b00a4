import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// What `npm run package` builds: electron-builder.yml, checked against electron-builder's own
// schema, with the Electron fuses the security checklist asks for and signing read only from
// the environment.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config as never, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  }, 60_000);

  it('packages the Electron version that is installed, a supported line (45 or newer)', () => {
    expect(config['electronVersion']).toBe(pkg.devDependencies['electron']);
    expect(Number(String(config['electronVersion']).split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('flips the fuses: no run-as-Node, NODE_OPTIONS or --inspect; only the integrity-checked app.asar; encrypted cookies', () => {
    expect(config['asar']).toBe(true);
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('signs and notarizes with credentials from the environment only, none in the file', async () => {
    const mac = config['mac'] as Record<string, unknown>;
    expect(mac['hardenedRuntime']).toBe(true);
    expect(mac['notarize']).toBe(true);
    expect((config['win'] as Record<string, unknown>)['signtoolOptions']).toMatchObject({ signingHashAlgorithms: ['sha256'] });
    const text = await readFile(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const secret of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword', 'identity:', 'appleId', 'password:']) {
      expect(text).not.toContain(secret);
    }
    for (const variable of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'APPLE_API_KEY',
      'APPLE_API_KEY_ID',
      'APPLE_API_ISSUER',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
    ]) {
      expect(text).toContain(variable);
    }
  });
});
