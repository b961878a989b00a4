/** File names as the user gives them (`news/a.ann`, `C:\\news\\a.ann`): extension, base name, stem. */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The name without its extension: `news/a.ann` → `news/a`. */
export function stemOf(fileName: string): string {
  return fileName.replace(/\.[^./\\]*$/, '');
}

export function baseNameOf(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
