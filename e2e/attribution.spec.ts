/**
 * Attribution, keyboard only: no mouse clicks. Text is reached with Find (Ctrl+F, Enter, F3),
 * adjusted with Shift+arrows, tagged with label keys, linked with L and the picker's keys.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseJsonl } from '../renderer/core/formats/native-jsonl.ts';
import { AttributionPage } from './pages/AttributionPage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

const SAMPLE = readFileSync(new URL('../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8');
/** The span of the `nth` (0-based) occurrence of `quote` in the sample. */
const spanOf = (quote: string, nth = 0) => {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = SAMPLE.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`${quote} not in sample`);
  return { start, end: start + quote.length };
};

const CLAIM = 'the United States was supplying Syrian rebels with arms';

interface Line {
  text: string;
  annotations: {
    id: string;
    label: string;
    start: number;
    end: number;
    quote: string;
    ranges: { start: number; end: number }[];
    attributes: Record<string, unknown>;
    note: string;
  }[];
  relations: { type: string; from: string; to: string }[];
  entities?: { id: string; name: string; aliases: string[] }[];
}

test('records the full attribution of Lavrov’s claim with the keyboard, and it survives reload, export, undo and redo', async ({
  page,
}) => {
  test.setTimeout(150_000); // many steps, four reloads and two exports
  const app = new AttributionPage(page);
  await app.goto();

  // The claim, in "The foreign minister went on to say that …, Reuters reported."
  await app.find(CLAIM);
  expect(await app.selectionText()).toBe(CLAIM);
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');

  // The speaker: the third "Lavrov", in the next paragraph ("said Lavrov on Iranian state
  // television"), reached with Enter then F3 twice.
  await app.find('lavrov');
  await expect(app.findStatus).toHaveText('1 of 3');
  await page.keyboard.press('F3');
  await page.keyboard.press('F3');
  await expect(app.findStatus).toHaveText('3 of 3');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await app.expectSelected('Lavrov');

  // The cue "said" in that phrase: find "said Lavrov", then Shift+← seven times drops " Lavrov".
  await app.find('said Lavrov');
  for (let i = 0; i < ' Lavrov'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  expect(await app.selectionText()).toBe('said');
  await page.keyboard.press('4');
  await app.expectSaved('Add Cue');

  // The sources: "Iranian state television", and the Reuters of "…, according to Reuters." in
  // the same paragraph — the fourth "Reuters", reached from the first with Shift+F3 (wraps).
  await app.find('Iranian state television');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await app.find('Reuters');
  await expect(app.findStatus).toHaveText('1 of 4');
  await page.keyboard.press('Shift+F3');
  await expect(app.findStatus).toHaveText('4 of 4');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await expect(app.rows).toHaveCount(5);

  // The speaker's entity: K twice goes back from Reuters past Iranian state television to
  // Lavrov; E focuses the entity field; type the name and create the entity.
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await app.expectSelected('Lavrov');
  await page.keyboard.press('e');
  await page.keyboard.type('Sergei Lavrov');
  await expect(page.getByRole('option', { name: /Create entity “Sergei Lavrov”/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await app.expectSaved('Set entity of Speaker');
  await page.keyboard.press('Escape');
  await expect(app.article).toBeFocused();

  // Back to the claim (K past "said"), stance = asserts: E focuses the first attribute, Space picks it.
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await app.expectSelected(CLAIM);
  await page.keyboard.press('e');
  await expect(page.getByRole('radio', { name: 'asserts' })).toBeFocused();
  await page.keyboard.press('Space');
  await app.expectSaved('Set stance of Claim');
  await page.keyboard.press('Escape');
  await expect(app.article).toBeFocused();
  await app.expectSelected(CLAIM);

  // Links from the claim: L opens the picker; S = said by (nearest speaker), C = cue, and for
  // "reported by" the nearest source is Iranian state television — chosen with ↓/Enter.
  await page.keyboard.press('l');
  await expect(app.picker).toBeFocused();
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  await page.keyboard.press('l');
  await page.keyboard.press('c');
  await app.expectSaved('Link Claim cue Cue');
  await page.keyboard.press('l');
  await expect(app.picker.getByRole('option')).toHaveCount(2);
  await expect(app.picker.getByRole('option', { selected: true })).toContainText('Iranian state television');
  await page.keyboard.press('ArrowDown');
  await expect(app.picker.getByRole('option', { selected: true })).toContainText('Reuters');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await app.expectSaved('Link Claim reported by Source');
  await expect(app.links()).toHaveCount(3);
  await expect(app.arrows).toHaveCount(3);

  // A link the schema forbids is refused with the reason: the picker has no "said by" for a
  // source, and Escape cancels without linking.
  // Iranian state television → Reuters: J from the claim goes said, Lavrov, Iranian TV.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await app.expectSelected('Iranian state television');
  await page.keyboard.press('l');
  await expect(app.picker.getByRole('group')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(app.picker).toHaveCount(0);
  await page.keyboard.press('l');
  await page.keyboard.press('r');
  await app.expectSaved('Link Source reported by Source');
  await expect(app.links()).toHaveCount(2);
  await expect(app.links().filter({ hasText: '← reported by' })).toContainText(CLAIM.slice(0, 20));
  await expect(app.links().filter({ hasText: 'reported by →' })).toContainText('Reuters');
  await expect(app.arrows).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(app.arrows).toHaveCount(0);

  // Reload: everything is back.
  await page.reload();
  await expect(app.rows).toHaveCount(5);
  await app.article.focus();
  await page.keyboard.press('j');
  await app.expectSelected(CLAIM);
  await expect(app.links()).toHaveCount(3);
  await expect(page.getByRole('radio', { name: 'asserts' })).toBeChecked();

  // Export: the JSONL holds every annotation, attribute, entity and link.
  const [doc] = await new ExportDialogPage(page).exportJsonlLines<Line>('enter');
  expect(doc!.text).toBe(SAMPLE);
  const byQuote = new Map(doc!.annotations.map((a) => [a.quote, a]));
  const claim = byQuote.get(CLAIM)!;
  const speaker = byQuote.get('Lavrov')!;
  const cue = byQuote.get('said')!;
  const tv = byQuote.get('Iranian state television')!;
  const reuters = byQuote.get('Reuters')!;
  expect({ label: claim.label, start: claim.start, end: claim.end }).toEqual({ label: 'Claim', ...spanOf(CLAIM) });
  expect({ label: speaker.label, start: speaker.start }).toEqual({ label: 'Speaker', start: spanOf('said Lavrov on').start + 5 });
  expect({ label: cue.label, start: cue.start }).toEqual({ label: 'Cue', start: spanOf('said Lavrov on').start });
  expect({ label: tv.label, ...{ start: tv.start } }).toEqual({ label: 'Source', start: spanOf('Iranian state television').start });
  expect({ label: reuters.label, start: reuters.start }).toEqual({ label: 'Source', start: spanOf('Reuters', 3).start });
  expect(claim.attributes).toEqual({ stance: 'asserts' });
  const entity = doc!.entities?.find((e) => e.id === speaker.attributes.entity);
  expect(entity).toMatchObject({ name: 'Sergei Lavrov', aliases: ['Lavrov'] });
  const links = doc!.relations.map((r) => `${r.from}|${r.type}|${r.to}`).sort();
  expect(links).toEqual(
    [
      `${claim.id}|said by|${speaker.id}`,
      `${claim.id}|cue|${cue.id}`,
      `${claim.id}|reported by|${tv.id}`,
      `${tv.id}|reported by|${reuters.id}`,
    ].sort(),
  );

  // Undo across a reload: the last change (the TV → Reuters link) goes, and stays gone.
  await app.article.focus();
  await page.keyboard.press('Control+z');
  await app.expectSaved('Undo');
  await page.reload();
  await app.article.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('j');
  await app.expectSelected('Iranian state television');
  await expect(app.links()).toHaveCount(1);
  // Redo across another reload brings it back.
  await page.reload();
  await app.article.focus();
  await page.keyboard.press('Control+Shift+Z');
  await app.expectSaved('Redo');
  await page.reload();
  await app.article.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('j');
  await expect(app.links()).toHaveCount(2);
  expect((await new ExportDialogPage(page).exportJsonlLines<Line>('enter'))[0]!.relations).toHaveLength(4);
});

test('a discontinuous claim (+ adds the selected text) is one annotation and survives export → import', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  const first = 'We are not violating any international law';
  const second = 'in performing these contracts';
  await app.find(first);
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');
  await app.find(second);
  await page.keyboard.press('+');
  await app.expectSaved('Add a range to Claim');
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText(`${first} … ${second}`);

  // The end edge moves by a word (Alt+Shift+→/←) and by a character (Alt+Shift+, and .);
  // the start by a word (Alt+Ctrl+→/←). Each is saved.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await app.expectSelected(`${first} … ${second}," Lavrov`);
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await app.expectSelected(`${first} … ${second}`);
  await page.keyboard.press('Alt+Shift+Comma');
  await app.expectSelected(`${first} … ${second.slice(0, -1)}`);
  await page.keyboard.press('Alt+Shift+Period');
  await app.expectSelected(`${first} … ${second}`);
  await page.keyboard.press('Alt+Control+ArrowRight');
  await app.expectSelected(`${first.slice(3)} … ${second}`);
  await page.keyboard.press('Alt+Control+ArrowLeft');
  await app.expectSelected(`${first} … ${second}`);
  await app.expectSaved('Resize Claim');

  await page.reload();
  await expect(app.rows).toHaveCount(1);
  const [line] = await new ExportDialogPage(page).exportJsonlLines<Line>('enter');
  const exported = line!.annotations[0]!;
  expect(exported.ranges).toEqual([spanOf(first), spanOf(second)]);

  const content = JSON.stringify(line) + '\n';
  const imported = parseJsonl('export.jsonl', content);
  expect(imported.ok).toBe(true);
  if (!imported.ok) return;
  const [ann] = imported.value[0]!.annotations;
  expect(imported.value[0]!.annotations).toHaveLength(1);
  expect(ann!.label).toBe('Claim');
  expect(ann!.ranges).toEqual([spanOf(first), spanOf(second)]);
});

test('the shortcut sheet opens on ? and lists the table; a bulk delete is one undo step', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  await app.article.focus();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  for (const key of ['Alt+Shift+→', 'Alt+Ctrl+←', 'L', 'J', 'Ctrl+F', 'F3', '+', 'Ctrl+Shift+E']) {
    await expect(sheet.locator('kbd', { hasText: new RegExp(`^${key.replace(/[+]/g, '\\+')}$`) }).first()).toBeVisible();
  }
  await expect(sheet).toContainText('Tag the selected text as Claim');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  for (const q of ['Hillary Clinton', 'Lavrov defended his country', 'patently untrue']) {
    await app.find(q);
    await page.keyboard.press('1');
    await app.expectSaved('Add Claim');
  }
  await app.find('Sergei Lavrov');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await expect(app.rows).toHaveCount(4);

  await page.getByRole('button', { name: 'Delete all of a label…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete all annotations of a label' });
  await expect(dialog).toContainText('This deletes 3 Claim annotations');
  await page.getByRole('button', { name: 'Delete 3 Claim annotations' }).focus();
  await page.keyboard.press('Enter');
  await app.expectSaved('Delete 3 Claim annotations');
  await expect(app.rows).toHaveCount(1);
  await app.article.focus();
  await page.keyboard.press('Control+z');
  await app.expectSaved('Undo');
  await expect(app.rows).toHaveCount(4);
});

test('mouse flow: Alt+click links the selected annotation, and a link the schema forbids says why', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  await app.selectText(CLAIM);
  await page.keyboard.press('1');
  await app.selectText('Lavrov', 2);
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  // With the speaker selected, Alt+click on the claim: no relation starts at a Speaker.
  await app.altClickText('supplying Syrian');
  await expect(page.locator('.notice')).toContainText('No link can start at a Speaker; to link them, select the Claim');
  await app.expectSelected('Lavrov');
  // Select the claim with its row, then Alt+click the speaker: the one allowed type, "said by".
  await app.row('Claim', CLAIM).click();
  await app.altClickText('Lavrov', 2);
  await app.expectSaved('Link Claim said by Speaker');
  await expect(app.links()).toHaveCount(1);
  await expect(app.arrows).toHaveCount(1);
  await app.details.getByRole('button', { name: /^Go to Speaker/ }).click();
  await app.expectSelected('Lavrov');
  await expect(app.links().first()).toContainText('← said by');
  await app.details.getByRole('button', { name: /^Remove link said by from Claim/ }).click();
  await app.expectSaved('Unlink said by');
  await expect(app.links()).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(app.links()).toHaveCount(1);
});
