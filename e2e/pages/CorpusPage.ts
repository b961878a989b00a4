import { expect, type Locator, type Page } from '@playwright/test';

/** The corpus browser (left column): projects, search, filters, bulk actions, the document list. */
export class CorpusPage {
  readonly corpus: Locator;
  readonly project: Locator;
  readonly search: Locator;
  readonly list: Locator;
  readonly rows: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.corpus = page.getByRole('complementary', { name: 'Corpus' });
    this.project = this.corpus.getByRole('combobox', { name: 'Project' });
    this.search = this.corpus.getByRole('searchbox', { name: 'Search documents' });
    this.list = page.getByRole('list', { name: 'Document list' });
    this.rows = this.list.getByRole('listitem');
    this.count = this.corpus.locator('.corpus-count');
  }

  async goto(): Promise<void> {
    await this.page.goto('/index.html');
    await expect(this.project).toBeVisible();
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** Opens a project's name dialog with `button`, types `name` and confirms with `submit`. */
  private async nameProject(button: string, dialog: string, submit: string, name: string): Promise<void> {
    await this.corpus.getByRole('button', { name: button }).click();
    const d = this.dialog(dialog);
    await d.getByLabel('Name').fill(name);
    await d.getByRole('button', { name: submit }).click();
    await expect(d).toBeHidden();
  }

  async createProject(name: string): Promise<void> {
    await this.nameProject('New project', 'New project', 'Create project', name);
    await expect(this.project.locator('option:checked')).toHaveText(name);
  }

  async renameProject(name: string): Promise<void> {
    await this.nameProject('Rename', 'Rename project', 'Rename', name);
  }

  async switchTo(name: string): Promise<void> {
    await this.project.selectOption({ label: name });
    await expect(this.project.locator('option:checked')).toHaveText(name);
  }

  row(title: string | RegExp): Locator {
    return this.rows.filter({ hasText: title });
  }

  checkbox(title: string | RegExp): Locator {
    return this.row(title).getByRole('checkbox');
  }

  async openFilters(): Promise<void> {
    const toggle = this.corpus.getByRole('button', { name: /^Filters/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }
}
