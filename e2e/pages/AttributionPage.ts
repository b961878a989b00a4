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

  /** Alt+clicks the middle of the `nth` appearance of `text`, scrolled into view first. */
  async altClickText(text: string, nth = 0): Promise<void> {
    const point = await this.article.evaluate(
      (root, [needle, n]) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          for (let i = node.data.indexOf(needle as string); i >= 0; i = node.data.indexOf(needle as string, i + 1)) {
            if (seen++ !== n) continue;
            node.parentElement!.scrollIntoView({ block: 'center' });
            const r = document.createRange();
            r.setStart(node, i);
            r.setEnd(node, i + (needle as string).length);
            const box = r.getClientRects()[0]!;
            return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
          }
        }
        throw new Error(`"${needle}" not found in the article`);
      },
      [text, nth] as const,
    );
    await this.page.keyboard.down('Alt');
    await this.page.mouse.click(point.x, point.y);
    await this.page.keyboard.up('Alt');
  }

  async expectSelected(quote: string): Promise<void> {
    await expect(this.selectedQuote()).toHaveText(`“${quote}”`);
  }
}
