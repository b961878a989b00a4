/**
 * Issue #3: the entity registry (keyboard linking, aliases and external ids, merging with counts,
 * undo), the schema editor (a rename carries over to existing annotations after reload; removing
 * a label in use says how many annotations it deletes), done checks with jump-to, and the JSONL
 * export carrying entities and document-level attributes.
 */
import { expect, test } from '@playwright/test';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

const CLAIM = 'the United States was supplying Syrian rebels with arms';

interface Line {
  annotations: { id: string; label: string; quote: string; attributes: Record<string, unknown> }[];
  entities?: { id: string; name: string; aliases: string[]; externalId: string | null }[];
  documentAttributes?: { layer: string; values: Record<string, unknown> }[];
}

test('side panel tabs follow the ARIA tabs pattern with arrow keys', async ({ page }) => {
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  await app.tab('Annotations').focus();
  await page.keyboard.press('ArrowRight');
  await expect(app.tab('Document')).toBeFocused();
  await expect(app.tab('Document')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('Mark document done');
  await page.keyboard.press('ArrowRight');
  await expect(app.tab('Entities')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(app.tab('Annotations')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(app.tab('Entities')).toBeFocused();
});

test('entities: link by keyboard, alias and QID, merge with counts, undo, and the export carries them', async ({ page }) => {
  const app = new EntitiesSchemaPage(page);
  await app.goto();

  // "Lavrov" (in "foreign minister Sergei Lavrov defended") → new entity "Sergei Lavrov", keyboard only.
  await app.speakerWithNewEntity('Lavrov', 0, 'Sergei Lavrov');
  // Two Clinton mentions, each first given its own entity.
  await app.speakerWithNewEntity('Clinton', 2, 'Clinton');
  await app.speakerWithNewEntity('Hillary Clinton', 2, 'Hillary Clinton');

  await app.openTab('Entities');
  await expect(app.entityCount('Sergei Lavrov')).toHaveText('1 mention');
  await expect(app.entityCount('Clinton')).toHaveText('1 mention');
  await expect(app.entityCount('Hillary Clinton')).toHaveText('1 mention');
  // The grouping is offered, not applied.
  await expect(page.getByText('"Clinton" is part of "Hillary Clinton"')).toBeVisible();

  // Alias and external id for Sergei Lavrov; a malformed QID is refused inline first.
  await app.entity('Sergei Lavrov').getByRole('button', { name: 'Sergei Lavrov' }).click();
  const edit = page.getByRole('form', { name: 'Edit Sergei Lavrov' });
  await edit.getByLabel('Aliases').fill('Sergey Lavrov');
  await edit.getByLabel('External id').fill('q167963');
  await expect(edit.getByRole('alert')).toHaveText('A Wikidata id is written Q167963.');
  await expect(edit.getByRole('button', { name: 'Save entity' })).toBeDisabled();
  await edit.getByLabel('External id').fill('Q167963');
  await edit.getByRole('button', { name: 'Save entity' }).click();
  await app.expectSaved('Edit entity Sergei Lavrov');
  await expect(app.entity('Sergei Lavrov')).toContainText('also “Sergey Lavrov”, “Lavrov”');
  await expect(app.entity('Sergei Lavrov')).toContainText('Q167963');

  // Merge "Clinton" into "Hillary Clinton": tick both, keep the fuller name.
  await app.entity('Clinton').getByRole('checkbox').check();
  await app.entity('Hillary Clinton').getByRole('checkbox').check();
  const mergeBar = page.getByRole('group', { name: 'Merge selected entities' });
  await expect(mergeBar.getByLabel('Entity to keep')).toHaveValue(/.+/);
  await mergeBar.getByLabel('Entity to keep').selectOption({ label: 'Hillary Clinton' });
  await mergeBar.getByRole('button', { name: 'Merge' }).click();
  await expect(app.entity('Clinton')).toHaveCount(0);
  await expect(app.entityCount('Hillary Clinton')).toHaveText('2 mentions');
  await expect(app.entity('Hillary Clinton')).toContainText('also “Clinton”');

  // One undo step puts both entities back; redo merges again.
  await page.keyboard.press('Control+z');
  await expect(app.entityCount('Clinton')).toHaveText('1 mention');
  await expect(app.entityCount('Hillary Clinton')).toHaveText('1 mention');
  await page.keyboard.press('Control+Shift+z');
  await expect(app.entityCount('Hillary Clinton')).toHaveText('2 mentions');

  // A document-level label: topic = conflict.
  await app.openTab('Document');
  await page.getByRole('group', { name: 'topic' }).getByLabel('conflict').check();
  await app.expectSaved('Set document topic');

  const [line] = await new ExportDialogPage(page).exportJsonlLines<Line>();
  const lavrov = line!.entities!.find((e) => e.name === 'Sergei Lavrov')!;
  expect(lavrov).toMatchObject({ aliases: ['Sergey Lavrov'], externalId: 'Q167963' });
  const hillary = line!.entities!.find((e) => e.name === 'Hillary Clinton')!;
  expect(line!.entities!.some((e) => e.name === 'Clinton')).toBe(false);
  const speakers = line!.annotations.filter((a) => a.label === 'Speaker');
  expect(speakers.find((a) => a.quote === 'Lavrov')!.attributes.entity).toBe(lavrov.id);
  expect(
    speakers
      .filter((a) => a.attributes.entity === hillary.id)
      .map((a) => a.quote)
      .sort(),
  ).toEqual(['Clinton', 'Hillary Clinton']);
  expect(line!.documentAttributes).toEqual([{ layer: 'annotator', values: { topic: ['conflict'] } }]);
});

test('schema: a rename carries over after reload; removing a label in use names the count', async ({ page }) => {
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  await app.selectText('Lavrov', 0);
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await app.selectText('said', 0);
  await page.keyboard.press('4');
  await app.expectSaved('Add Cue');
  await app.selectText('Reuters', 0);
  await page.keyboard.press('4');
  await app.expectSaved('Add Cue');

  // Rename Speaker → Attributed to.
  await app.openSchema();
  await app.schemaLabel('Speaker').getByLabel('Name').fill('Attributed to');
  await expect(app.schemaDialog.getByText('Renamed from Speaker: existing annotations follow.')).toBeVisible();
  await app.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(app.schemaDialog).toBeHidden();
  await app.expectSaved('Schema');
  await expect(app.row('Attributed to', 'Lavrov')).toHaveCount(1);

  await page.reload();
  await expect(app.article).toBeVisible();
  await expect(app.row('Attributed to', 'Lavrov')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /Attributed to/ }).first()).toBeVisible();

  // Removing Cue, which two annotations use, asks first and says how many.
  await app.openSchema();
  await app.schemaDialog.getByRole('button', { name: 'Remove label Cue' }).click();
  await app.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  const confirm = app.schemaDialog.getByRole('alertdialog');
  await expect(confirm).toContainText('Removing the label "Cue" deletes 2 annotations labelled Cue, with their relations.');
  await confirm.getByRole('button', { name: 'Save and delete' }).click();
  await expect(app.schemaDialog).toBeHidden();
  await expect(app.rows).toHaveCount(1);

  // And the schema editor flags a duplicate hotkey inline, saving nothing.
  await app.openSchema();
  await app.schemaLabel('Claim').getByLabel('Hotkey').fill('2');
  await app.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(app.schemaLabel('Attributed to').getByRole('alert')).toHaveText(
    'Label "Attributed to": the hotkey "2" is used by two labels',
  );
  await page.keyboard.press('Escape');
  await expect(app.schemaDialog).toBeHidden();
});

test('done checks list a claim without a speaker; jump-to selects it; mark done anyway', async ({ page }) => {
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  await app.find(CLAIM);
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');
  await app.openTab('Document');
  await expect(page.getByLabel('Document status for annotator')).toHaveValue('in progress');
  await page.keyboard.press('Escape'); // deselect, so jump-to has something to do
  await page.getByRole('button', { name: 'Mark document done' }).click();
  const dialog = page.getByRole('dialog', { name: 'Before marking this document done' });
  await expect(dialog).toBeVisible();
  const problem = dialog.getByRole('listitem').filter({ hasText: `The claim “${CLAIM}” has no speaker.` });
  await expect(problem).toHaveCount(1);
  await problem.getByRole('button', { name: /^Go to/ }).click();
  await expect(dialog).toBeHidden();
  await expect(app.tab('Annotations')).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(CLAIM);

  await app.openTab('Document');
  await page.getByRole('button', { name: 'Mark document done' }).click();
  await dialog.getByRole('button', { name: 'Mark done anyway' }).click();
  await expect(page.getByLabel('Document status for annotator')).toHaveValue('done');
  await expect(page.getByText('Marked done with 1 problem overridden')).toBeVisible();
});
