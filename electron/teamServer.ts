// What the desktop shell keeps for team servers (issue #12), in the app's data folder:
// - the passwords, encrypted by the operating system's keychain through Electron's safeStorage
//   (`team-passwords.json` holds only ciphertext); a password not to be remembered stays in the
//   main process's memory until the app quits, like the web build's session storage;
// - the origins of the team servers the user connects to (`team-servers.json`), from which the
//   app:// protocol handler opens the Content-Security-Policy's connect-src to exactly them.
// safeStorage and the folder are passed in, so everything here is tested in Node.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSyncOrigin } from '../renderer/csp.mjs';
import { atomicWriteFile } from './files.ts';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    // An unreadable file is treated as empty: the user is asked for the password again.
    return {};
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await atomicWriteFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

export interface PasswordKeeper {
  get(projectId: string): Promise<string | null>;
  /** Resolves `remembered: false` when asked to remember but the system offers no encryption. */
  set(projectId: string, password: string, remember: boolean): Promise<{ remembered: boolean }>;
  delete(projectId: string): Promise<void>;
}

/** Passwords per project: remembered ones encrypted in `<dir>/team-passwords.json`. */
export function createPasswordKeeper(dir: string, safeStorage: SafeStorageLike, log: (message: string) => void): PasswordKeeper {
  const file = path.join(dir, 'team-passwords.json');
  const session = new Map<string, string>();
  const forget = async (projectId: string) => {
    const stored = await readJson(file);
    if (!(projectId in stored)) return;
    delete stored[projectId];
    await writeJson(file, stored);
  };
  return {
    async get(projectId) {
      const inSession = session.get(projectId);
      if (inSession !== undefined) return inSession;
      const stored = (await readJson(file))[projectId];
      if (typeof stored !== 'string' || !safeStorage.isEncryptionAvailable()) return null;
      try {
        const password = safeStorage.decryptString(Buffer.from(stored, 'base64'));
        session.set(projectId, password);
        return password;
      } catch {
        log(`the saved team server password of project ${projectId} could not be decrypted; it is asked again`);
        return null;
      }
    },
    async set(projectId, password, remember) {
      session.set(projectId, password);
      if (remember && safeStorage.isEncryptionAvailable()) {
        const stored = await readJson(file);
        stored[projectId] = safeStorage.encryptString(password).toString('base64');
        await writeJson(file, stored);
        return { remembered: true };
      }
      await forget(projectId);
      return { remembered: false };
    },
    async delete(projectId) {
      session.delete(projectId);
      await forget(projectId);
    },
  };
}

export interface ServerOrigins {
  /** The saved origins, in the order they were added. */
  list(): Promise<string[]>;
  /** Saves `origin` (checked: one http(s) origin); `reload` says the page's policy does not admit it yet. */
  allow(origin: string): Promise<{ origin: string; reload: boolean }>;
  forget(origin: string): Promise<void>;
  /** The protocol handler reports the origins of the policy it served with the page. */
  served(origins: readonly string[]): void;
}

/** The team servers' origins, saved in `<dir>/team-servers.json`. */
export function createServerOrigins(dir: string): ServerOrigins {
  const file = path.join(dir, 'team-servers.json');
  let inPage = new Set<string>();
  const list = async () => {
    const { origins } = await readJson(file);
    if (!Array.isArray(origins)) return [];
    // A hand-edited file cannot open the policy to anything but single origins.
    return origins.flatMap((o) => {
      try {
        return [checkSyncOrigin(String(o))];
      } catch {
        return [];
      }
    });
  };
  return {
    list,
    async allow(value) {
      const origin = checkSyncOrigin(value);
      const origins = await list();
      if (!origins.includes(origin)) await writeJson(file, { origins: [...origins, origin] });
      return { origin, reload: !inPage.has(origin) };
    },
    async forget(value) {
      const origin = checkSyncOrigin(value);
      const origins = await list();
      if (origins.includes(origin)) await writeJson(file, { origins: origins.filter((o) => o !== origin) });
    },
    served(origins) {
      inPage = new Set(origins);
    },
  };
}
