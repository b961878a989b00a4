import type { Locator, Page } from '@playwright/test';

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
}
