import { expect, test } from '@playwright/test';
import { AttributionPage } from './pages/AttributionPage.ts';

// Issue #13, item 1: with two layers in a document, every row and the details name the owner,
// a switch shows mine / a teammate's / all, and a teammate's annotations are read-only here.

test('a teammate’s layer is labelled, switchable and read-only in my view', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  // bob's layer: a speaker and a claim said by him.
  await app.setName('bob');
  await app.tag('Sergei Lavrov', '2', 'Speaker');
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  // alice annotates the same document: the same speaker, in her own layer.
  await app.setName('alice');
  await app.tag('Sergei Lavrov', '2', 'Speaker');

  const speakers = app.row('Speaker', 'Sergei Lavrov');
  await expect(speakers).toHaveCount(2);
  await expect(speakers.filter({ hasText: 'alice (you)' })).toHaveCount(1);
  await expect(speakers.filter({ hasText: 'bob · read-only' })).toHaveCount(1);

  // bob's claim: its details name him and offer nothing that would change it.
  await app.row('Claim', 'Moscow is selling weapons').click();
  await expect(app.details).toContainText('bob · read-only');
  await expect(app.details).toContainText('only bob can change it');
  await expect(app.details.getByRole('button', { name: 'Delete annotation' })).toHaveCount(0);
  await expect(app.details.getByRole('combobox', { name: 'Label' })).toHaveCount(0);
  await expect(app.details.getByRole('button', { name: /^Link/ })).toHaveCount(0);
  await expect(app.details.getByRole('button', { name: /^Remove link/ })).toHaveCount(0);
  await expect(app.details.getByRole('button', { name: /^Go to Speaker/ })).toBeVisible();
  await expect(app.details.getByLabel('Note')).not.toBeEditable();
  await expect(app.details.getByRole('radio').first()).toBeDisabled();

  // Keys do not change it either: the status says whose it is.
  await app.article.focus();
  await page.keyboard.press('l');
  await expect(app.picker).toHaveCount(0);
  await expect(app.saveStatus).toContainText('only bob can change it');
  await page.keyboard.press('Delete');
  await page.keyboard.press('3');
  await expect(app.row('Claim', 'Moscow is selling weapons')).toHaveCount(1);
  await expect(app.rows).toHaveCount(3);

  // My claim's link picker offers only my speaker, never bob's.
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  await page.keyboard.press('l');
  await expect(app.picker).toBeVisible();
  await expect(app.picker.getByRole('option', { name: /Sergei Lavrov/ })).toHaveCount(1);
  await page.keyboard.press('Escape');

  // The switch: mine only, bob's only (read-only), all.
  const layers = page.getByLabel('Layers shown');
  await layers.selectOption({ label: 'Mine (alice)' });
  await expect(app.rows).toHaveCount(2);
  await expect(app.rows.filter({ hasText: 'bob' })).toHaveCount(0);
  await layers.selectOption({ label: 'bob (read-only)' });
  await expect(app.rows).toHaveCount(2);
  await expect(app.rows.filter({ hasText: 'alice' })).toHaveCount(0);
  await layers.selectOption({ label: 'All layers (2)' });
  await expect(app.rows).toHaveCount(4);
});
