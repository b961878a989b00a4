export const CHROMIUM: string;
export const CHROMIUM_FLAGS: string[];
export const CHROMIUM_ARGS: string[];
