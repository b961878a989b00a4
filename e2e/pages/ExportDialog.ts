import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** The export dialog, opened from the top bar's Export button. */
export class ExportDialogPage {
  readonly dialog: Locator;
  readonly lossReport: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Export' });
    this.lossReport = this.dialog.getByRole('region', { name: /leaves out$/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Export', exact: true }).click();
    await expect(this.dialog).toBeVisible();
    // The project has been read once the whole-project count shows.
    await expect(this.dialog.getByText(/^\(\d+\)$/).first()).toBeVisible();
  }

  async chooseFormat(name: string): Promise<void> {
    await this.dialog.getByLabel('Format').selectOption({ label: name });
  }

  /** Confirms the export and returns the downloaded file's name and bytes. */
  async exportFile(): Promise<{ name: string; bytes: Buffer }> {
    const downloadPromise = this.page.waitForEvent('download');
    await this.dialog.getByRole('button', { name: /^Export \./ }).click();
    const download = await downloadPromise;
    const path = await download.path();
    await expect(this.dialog).toBeHidden();
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  }

  /** Opens the dialog, picks a format, exports, and gives back the file. */
  async exportAs(format: string): Promise<{ name: string; bytes: Buffer; text: string }> {
    await this.open();
    await this.chooseFormat(format);
    const file = await this.exportFile();
    return { ...file, text: file.bytes.toString('utf8') };
  }

  /**
   * Ctrl+Shift+E opens the dialog; its default format, Claimscope JSONL, is exported (with `enter`,
   * by Enter on the focused Export button) and the file's lines come back parsed.
   */
  async exportJsonlLines<T>(how: 'click' | 'enter' = 'click'): Promise<T[]> {
    await this.page.keyboard.press('Control+Shift+E');
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog.getByLabel('Format')).toHaveValue('jsonl');
    await expect(this.dialog.getByText(/^\(\d+\)$/).first()).toBeVisible();
    const download = this.page.waitForEvent('download');
    const button = this.dialog.getByRole('button', { name: /^Export / });
    if (how === 'enter') {
      await button.focus();
      await this.page.keyboard.press('Enter');
    } else await button.click();
    const content = readFileSync(await (await download).path(), 'utf8');
    await expect(this.dialog).toBeHidden();
    return content
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as T);
  }

  async restore(file: { name: string; buffer: Buffer }): Promise<void> {
    await this.open();
    const chooser = this.page.waitForEvent('filechooser');
    await this.dialog.getByRole('button', { name: 'Restore an archive…' }).click();
    await (await chooser).setFiles({ name: file.name, mimeType: 'application/zip', buffer: file.buffer });
    await expect(this.dialog).toBeHidden();
  }

  /** Chooses an archive to restore and returns the dialog's error once it shows. */
  async restoreRefused(file: { name: string; buffer: Buffer }): Promise<Locator> {
    await this.open();
    const chooser = this.page.waitForEvent('filechooser');
    await this.dialog.getByRole('button', { name: 'Restore an archive…' }).click();
    await (await chooser).setFiles({ name: file.name, mimeType: 'application/zip', buffer: file.buffer });
    const alert = this.dialog.getByRole('alert');
    await expect(alert).toBeVisible();
    return alert;
  }
}
