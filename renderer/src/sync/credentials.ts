/**
 * Where a team project's password is kept. Never in IndexedDB with the project (so never in
 * exports, archives or bundles) and never logged:
 * - web build: in sessionStorage (gone when the tab closes) unless the user ticks *Remember the
 *   password on this computer*, then in localStorage;
 * - desktop: encrypted by the operating system's keychain through Electron's safeStorage, behind
 *   the team password IPC channels (electron/teamServer.ts), reached through the platform
 *   (`Platform.teamServer.secrets`).
 */
export interface SecretStore {
  get(projectId: string): Promise<string | null>;
  set(projectId: string, password: string, remember: boolean): Promise<void>;
  delete(projectId: string): Promise<void>;
}

const keyOf = (projectId: string) => `claimscope.sync-password.${projectId}`;

export function webSecretStore(sessionStore?: Storage, persistentStore?: Storage): SecretStore {
  // The browser's storages are looked up when used, so the store can be made where there are none.
  const session = () => sessionStore ?? sessionStorage;
  const persistent = () => persistentStore ?? localStorage;
  return {
    async get(projectId) {
      return session().getItem(keyOf(projectId)) ?? persistent().getItem(keyOf(projectId));
    },
    async set(projectId, password, remember) {
      session().setItem(keyOf(projectId), password);
      if (remember) persistent().setItem(keyOf(projectId), password);
      else persistent().removeItem(keyOf(projectId));
    },
    async delete(projectId) {
      session().removeItem(keyOf(projectId));
      persistent().removeItem(keyOf(projectId));
    },
  };
}
