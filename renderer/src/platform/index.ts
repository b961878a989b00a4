import type { Platform } from './platform.ts';
import { createWebPlatform } from './web.ts';
import { createDesktopPlatform } from './desktop.ts';

export type { Platform } from './platform.ts';

/** The platform the app runs on: the Electron bridge when present, else the browser. */
export function detectPlatform(): Platform {
  return window.desktop ? createDesktopPlatform(window.desktop) : createWebPlatform();
}
