import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** An annotator bundle as a file chooser takes it. */
export interface BundleFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The top bar's "Team" menu: share, add teammates' bundles, the team server. */
export class TeamMenu {
  readonly button: Locator;
  readonly menu: Locator;
  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: 'Team', exact: true });
    this.menu = page.getByRole('menu', { name: 'Team' });
  }

  item(label: string): Locator {
    return this.menu.getByRole('menuitem', { name: label, exact: true });
  }

  /** Opens the menu and clicks an item, the way a mouse user does. */
  async choose(label: string): Promise<void> {
    await this.button.click();
    await this.item(label).click();
  }

  /** Shares my annotations and returns the bundle; dismisses the notice (it sits over the side panel). */
  async share(): Promise<BundleFile> {
    const download = this.page.waitForEvent('download');
    await this.choose('Share my annotations');
    const file = await download;
    await this.page.getByRole('button', { name: 'Dismiss: Annotations shared' }).click();
    return { name: file.suggestedFilename(), mimeType: 'application/zip', buffer: readFileSync(await file.path()) };
  }

  /** Adds a teammate's bundle, confirming its preview with `button` ("Add 1 layer"). */
  async addBundle(bundle: BundleFile, button: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.choose('Add teammates’ annotations');
    await (await chooser).setFiles([bundle]);
    const preview = this.page.getByRole('dialog', { name: 'Add teammates’ annotations' });
    await preview.getByRole('button', { name: button }).click();
    await expect(preview).toBeHidden();
  }
}
