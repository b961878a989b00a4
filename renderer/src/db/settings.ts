import type { AppDb } from './db.ts';

export async function getSetting<T>(db: AppDb, key: string, fallback: T): Promise<T> {
  const row = await db.settings.get(key);
  return row === undefined ? fallback : (row.value as T);
}

export async function setSetting(db: AppDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
