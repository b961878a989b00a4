import { expect, type Locator, type Page } from '@playwright/test';
import { AttributionPage } from './AttributionPage.ts';

/** The side panel's tabs, the Entities registry, the Document tab and the schema editor. */
export class EntitiesSchemaPage extends AttributionPage {
  readonly tabs: Locator;
  readonly entityList: Locator;
  readonly schemaDialog: Locator;

  constructor(page: Page) {
    super(page);
    this.tabs = page.getByRole('tablist', { name: 'Side panel' });
    this.entityList = page.getByRole('list', { name: 'Entities' });
    this.schemaDialog = page.getByRole('dialog', { name: 'Schema' });
  }

  tab(name: 'Annotations' | 'Document' | 'Entities'): Locator {
    return this.tabs.getByRole('tab', { name });
  }

  async openTab(name: 'Annotations' | 'Document' | 'Entities'): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  entity(name: string): Locator {
    return this.entityList.locator(`li[data-entity="${name}"]`);
  }

  entityCount(name: string): Locator {
    return this.entity(name).getByTestId('entity-count');
  }

  /**
   * Tags the `nth` appearance of `text` as a Speaker (key 2) and links it, by keyboard, to a new
   * entity called `entityName`: E focuses the entity field, type, Enter on "Create entity …".
   */
  async speakerWithNewEntity(text: string, nth: number, entityName: string): Promise<void> {
    await this.selectText(text, nth);
    await this.page.keyboard.press('2');
    await this.expectSaved('Add Speaker');
    await this.expectSelected(text);
    await this.page.keyboard.press('e');
    await this.page.keyboard.type(entityName);
    await expect(this.page.getByRole('option', { name: `Create entity “${entityName}”` })).toBeVisible();
    await this.page.keyboard.press('Enter');
    await this.expectSaved('Set entity of Speaker');
    await this.page.keyboard.press('Escape');
  }

  async openSchema(): Promise<void> {
    await this.page.getByRole('button', { name: 'Schema', exact: true }).click();
    await expect(this.schemaDialog).toBeVisible();
  }

  schemaLabel(name: string): Locator {
    return this.schemaDialog.getByRole('group', { name: `Label ${name}` });
  }
}
