import { expect, type Browser, type Locator, type Page } from '@playwright/test';

/** The annotate screen: article, label toolbar, annotations panel. */
export class AnnotatePage {
  readonly article: Locator;
  readonly rows: Locator;
  /** The number of annotations the panel lists (its rows are virtualised: only those in view exist). */
  readonly count: Locator;
  readonly saveStatus: Locator;

  constructor(readonly page: Page) {
    this.article = page.getByRole('textbox', { name: /^Article:/ });
    this.rows = page.getByRole('listbox', { name: 'Annotations in this document' }).getByRole('option');
    this.count = page.getByRole('heading', { name: /^Annotations \d+$/ }).locator('.count');
    this.saveStatus = page.getByTestId('save-status');
  }

  /** A fresh browser profile (its own database) with the app open, signed as `name`. */
  static async openAs(browser: Browser, name: string): Promise<AnnotatePage> {
    const app = new AnnotatePage(await (await browser.newContext()).newPage());
    await app.goto();
    await app.setName(name);
    return app;
  }

  async goto(): Promise<void> {
    await this.page.goto('index.html');
    await expect(this.article).toBeVisible();
  }

  articleText(): Promise<string> {
    return this.article.evaluate((el) => el.textContent ?? '');
  }

  /**
   * Selects the `occurrence`-th appearance of `text` in the article (0-based) with a DOM range,
   * as a mouse drag would.
   */
  async selectText(text: string, occurrence = 0): Promise<void> {
    await this.article.evaluate(
      (root, [needle, nth]) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          let from = 0;
          for (;;) {
            const i = n.data.indexOf(needle as string, from);
            if (i < 0) break;
            if (seen++ === nth) {
              const r = document.createRange();
              r.setStart(n, i);
              r.setEnd(n, i + (needle as string).length);
              (root as HTMLElement).focus();
              const s = getSelection()!;
              s.removeAllRanges();
              s.addRange(r);
              return;
            }
            from = i + 1;
          }
        }
        throw new Error(`"${needle}" not found in the article`);
      },
      [text, occurrence] as const,
    );
  }

  /** Puts the caret just before the first appearance of `text`. */
  async placeCaretBefore(text: string): Promise<void> {
    await this.selectText(text);
    await this.article.evaluate(() => getSelection()!.collapseToStart());
  }

  /** Clicks the middle of the first appearance of `text` in the article. */
  async clickText(text: string, occurrence = 0): Promise<void> {
    await this.selectText(text, occurrence);
    const box = await this.article.evaluate(() => {
      const r = getSelection()!.getRangeAt(0).getClientRects()[0]!;
      getSelection()!.removeAllRanges();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await this.page.mouse.click(box.x, box.y);
  }

  row(label: string, quote: string): Locator {
    return this.rows.filter({ hasText: label }).filter({ hasText: quote });
  }

  selectedQuote(): Locator {
    return this.page.getByLabel('Selected annotation').locator('.selected-quote');
  }

  /** Sets whose layer new annotations go to, through the top bar's "Annotating as" dialog. */
  async setName(name: string): Promise<void> {
    await this.page.getByRole('button', { name: /^Annotating as/ }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Your annotator name' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await expect(this.page.getByRole('button', { name: new RegExp(`^Annotating as ${name}\\.`) })).toBeVisible();
  }

  /** Selects `quote`, presses the label's key and waits until the new annotation is saved. */
  async tag(quote: string, key: string, label: string): Promise<void> {
    await this.selectText(quote);
    await this.page.keyboard.press(key);
    await this.expectSaved(`Add ${label}`);
  }

  async expectSaved(what: string): Promise<void> {
    await expect(this.saveStatus).toHaveText(`Saved: ${what}`);
  }
}
