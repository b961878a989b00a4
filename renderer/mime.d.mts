export function mimeTypeFor(fileName: string): string;
