/**
 * The documents selected in the corpus browser, published for the export dialog's "Selected
 * documents" scope. The corpus browser owns the selection; this only mirrors it.
 */
let selected: readonly string[] = [];

export function publishDocumentSelection(ids: Iterable<string>): void {
  selected = [...ids];
}

export function documentSelection(): readonly string[] {
  return selected;
}
