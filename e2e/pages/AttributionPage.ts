import { expect, type Locator, type Page } from '@playwright/test';
import { AnnotatePage } from './AnnotatePage.ts';

/** The annotate screen driven by keyboard only: Find, label keys, the link picker, the details. */
export class AttributionPage extends AnnotatePage {
  readonly findField: Locator;
  readonly findStatus: Locator;
  readonly details: Locator;
  readonly picker: Locator;
  readonly arrows: Locator;

  constructor(page: Page) {
    super(page);
    this.findField = page.getByRole('searchbox', { name: 'Find in the article' });
    this.findStatus = page.locator('.find-status');
    this.details = page.getByLabel('Selected annotation');
    this.picker = page.getByRole('listbox', { name: 'Link targets' });
    this.arrows = page.locator('[data-testid="relation-arrows"] .relation-arrow');
  }

  /** Ctrl+F, types the query, Enter: the first match becomes the article's selection. */
  async find(query: string): Promise<void> {
    await this.page.keyboard.press('Control+f');
    await expect(this.findField).toBeFocused();
    await this.page.keyboard.type(query);
    await this.page.keyboard.press('Enter');
    await expect(this.article).toBeFocused();
  }

  selectionText(): Promise<string> {
    return this.page.evaluate(() => getSelection()?.toString() ?? '');
  }

  links(): Locator {
    return this.details.locator('.relation-row');
  }

  async expectSelected(quote: string): Promise<void> {
    await expect(this.selectedQuote()).toHaveText(`“${quote}”`);
  }
}
