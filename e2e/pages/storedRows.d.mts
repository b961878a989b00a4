import type { Page } from 'playwright-core';

/** Every row of each named table of the app's database, read straight from IndexedDB. */
export function storedRows<T extends string>(page: Page, tables: readonly T[]): Promise<Record<T, unknown[]>>;
