import { expect, type Locator, type Page } from '@playwright/test';
import { storedRows } from './storedRows.mjs';

/** The import dialog, opened from the top bar's Import button. */
export class ImportDialogPage {
  readonly dialog: Locator;
  readonly totals: Locator;
  readonly progress: Locator;
  readonly result: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Import into/ });
    this.totals = this.dialog.getByTestId('import-totals');
    this.progress = this.dialog.getByTestId('import-progress');
    this.result = this.dialog.getByTestId('import-result');
    this.results = this.dialog.getByRole('list', { name: 'Import results' }).locator(':scope > li');
  }

  async open(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Import', exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  /** Picks files (or a folder) through the file chooser and waits for the preview. */
  async choose(kind: 'files' | 'folder', paths: string | string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.dialog.getByRole('button', { name: kind === 'folder' ? 'Choose folder…' : 'Choose files…' }).click();
    await (await chooser).setFiles(paths);
    await expect(this.totals).toBeVisible({ timeout: 30_000 });
  }

  row(file: string | RegExp): Locator {
    return this.dialog
      .getByRole('table', { name: 'Files to import' })
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: file }) });
  }

  async startImport(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Import [\d,]+ documents?$/ }).click();
  }

  /** Imports one file holding one document without annotations, from opening the dialog to closing it. */
  async importOneDocument(path: string): Promise<void> {
    await this.open();
    await this.choose('files', path);
    await this.startImport();
    await expect(this.result).toHaveText('Imported 1 document and 0 annotations.');
    await this.close();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

/** Per document in the database: its title and number of annotations (read straight from IndexedDB). */
export async function documentsInDb(page: Page): Promise<{ title: string; annotations: number; relations: number }[]> {
  const rows = await storedRows(page, ['documents', 'annotations', 'relations']);
  const count = (table: unknown[]) => {
    const m = new Map<string, number>();
    for (const r of table as { documentId: string }[]) m.set(r.documentId, (m.get(r.documentId) ?? 0) + 1);
    return m;
  };
  const annotations = count(rows.annotations);
  const relations = count(rows.relations);
  return (rows.documents as { id: string; title: string }[]).map((d) => ({
    title: d.title,
    annotations: annotations.get(d.id) ?? 0,
    relations: relations.get(d.id) ?? 0,
  }));
}
