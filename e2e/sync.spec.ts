import { expect, test } from '@playwright/test';
import { couch } from './couch/server.ts';
import { aliceAndBob, annotate, exportJsonl, fillServer, freshDatabase, join, openApp, putOnServer, SYNCED } from './pages/team.ts';
import type { AnnotatePage } from './pages/AnnotatePage.ts';
import { TeamMenu } from './pages/TeamMenu.ts';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';

// A live team project: annotators in separate browser profiles (separate IndexedDB) replicate
// through the CouchDB-compatible server that the global setup started on 127.0.0.1.

test('a teammate’s new annotation shows in Review within seconds, without a reload', async ({ browser }) => {
  test.setTimeout(90_000);
  const { database, a, b } = await aliceAndBob(browser);
  await expect(b.page.getByRole('button', { name: /^Annotating as bob\./ })).toBeVisible();

  await b.page.keyboard.press('Alt+2');
  await expect(b.page.getByText(/^0 candidates from 0 layers/)).toBeVisible();

  await a.app.selectText('Sergei Lavrov');
  await a.page.keyboard.press('2');
  await a.app.expectSaved('Add Speaker');
  // B sees it in Review (alice's layer) without reloading.
  await expect(b.page.getByText(/^1 candidate from 1 layer/)).toBeVisible({ timeout: 10_000 });
  await expect(b.page.getByLabel('Review', { exact: true })).toContainText('Sergei Lavrov');

  // It reached the server as alice's layer, under its deterministic id.
  const all = await couch('GET', `/${database}/_all_docs?include_docs=true`);
  const annotations = all.body!.rows.filter((r: { id: string }) => r.id.startsWith('annotation:'));
  expect(annotations).toHaveLength(1);
  expect(annotations[0]!.doc.record).toMatchObject({ layer: 'alice', label: 'Speaker', quote: 'Sergei Lavrov' });
  // The text is stored once, under its hash.
  expect(all.body!.rows.filter((r: { id: string }) => r.id.startsWith('text:'))).toHaveLength(1);
  await a.close();
  await b.close();
});

test('a wrong password gets a clear error and changes nothing', async ({ browser }) => {
  const database = await freshDatabase();
  const a = await openApp(browser);
  const dialog = await fillServer(a.page, database, 'bob', 'not-the-password');
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  await expect(dialog.getByTestId('connection-check')).toHaveText('The server refused the user name or password for "bob".');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(a.page.getByTestId('sync-status')).toHaveCount(0);
  const all = await couch('GET', `/${database}/_all_docs`);
  expect(all.body!.rows).toEqual([]);

  // A database that does not exist is named, with who may create it.
  const again = await fillServer(a.page, 'no-such-db', 'bob');
  await again.getByRole('button', { name: 'Test connection' }).click();
  await expect(again.getByTestId('connection-check')).toContainText('There is no database "no-such-db" on the server');
  await a.close();
});

test('changes made offline go out when the server is back; both converge, nothing lost', async ({ browser }) => {
  test.setTimeout(150_000);
  const { a, b } = await aliceAndBob(browser);

  await a.context.setOffline(true);
  // 20 changes: 14 new annotations, 3 relabelled, 3 deleted.
  const quotes = [
    'Sergei Lavrov',
    'Hillary Clinton',
    'Moscow',
    'Reuters',
    'Wednesday',
    'Bashar al-Assad',
    'helicopters',
    'international law',
    'Iran',
    'United States',
    'Syrian rebels',
    'Damascus government',
    'interpreter',
    'GlobalPost',
  ];
  for (const q of quotes) await annotate(a.app, q, '2', 'Speaker');
  for (const q of ['Moscow', 'Wednesday', 'helicopters']) {
    await a.app.row('Speaker', q).click();
    await a.page.keyboard.press('1');
    await a.app.expectSaved('Change Speaker to Claim');
  }
  for (const q of ['Iran', 'interpreter', 'GlobalPost']) {
    await a.app.row('Speaker', q).click();
    await a.page.keyboard.press('Delete');
    await a.app.expectSaved('Delete Speaker');
  }
  await expect(a.page.getByTestId('sync-status')).toHaveText(/^Offline, \d+ changes waiting$/);
  // Meanwhile bob works online.
  await annotate(b.app, 'Russia defends arms sales', '1', 'Claim');

  await a.context.setOffline(false);
  await expect(a.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 60_000 });
  await expect(b.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 30_000 });
  await expect(b.app.count).toHaveText('12', { timeout: 20_000 });
  await expect(a.app.count).toHaveText('12');
  const [fromA, fromB] = [await exportJsonl(a.page), await exportJsonl(b.page)];
  expect(fromA).toBe(fromB);
  const exported = JSON.parse(fromA.trim().split('\n')[0]!) as { annotations: { layer: string; label: string }[] };
  expect(exported.annotations.filter((x) => x.layer === 'alice' && x.label === 'Claim')).toHaveLength(3);
  expect(exported.annotations.filter((x) => x.layer === 'bob')).toHaveLength(1);
  await a.close();
  await b.close();
});

test('a change the server refuses is explained and kept locally', async ({ browser }) => {
  test.setTimeout(90_000);
  const { database, a, b } = await aliceAndBob(browser);
  await annotate(a.app, 'Sergei Lavrov', '2', 'Speaker');
  await expect(b.app.rows).toHaveCount(1, { timeout: 10_000 });

  // bob is not a reviewer: accepting into gold is refused by the server, kept on his computer.
  await b.page.keyboard.press('Alt+2');
  await expect(b.page.getByText(/^1 candidate from 1 layer/)).toBeVisible();
  await b.page.getByLabel('Review', { exact: true }).focus();
  await b.page.keyboard.press('a');
  await b.app.expectSaved('Accept Speaker from alice');
  await expect(b.page.getByTestId('sync-status')).toContainText('refused by the server (only reviewers may', { timeout: 15_000 });
  await expect(b.page.getByText(/^1 candidate from 1 layer: 0 open, 1 in gold/)).toBeVisible();
  const all = await couch('GET', `/${database}/_all_docs?include_docs=true`);
  expect(all.body!.rows.filter((r: { doc: { record?: { layer?: string } } }) => r.doc.record?.layer === 'gold')).toEqual([]);
  await a.close();
  await b.close();
});

test('two reviewers change the same gold annotation offline: the conflict is shown, resolved, and both converge', async ({ browser }) => {
  test.setTimeout(150_000);
  const database = await freshDatabase();
  const owner = await openApp(browser);
  await putOnServer(owner.page, database, 'alice');
  await annotate(owner.app, 'Sergei Lavrov', '2', 'Speaker');
  const r1 = await openApp(browser);
  const r2 = await openApp(browser);
  await join(r1.page, database, 'rita');
  await join(r2.page, database, 'remy');
  await expect(r1.app.rows).toHaveCount(1, { timeout: 10_000 });
  // rita accepts alice's speaker into gold as a Cue (so the gold row is told apart by its label).
  await r1.page.keyboard.press('Alt+2');
  await r1.page.getByLabel('Label to accept as').selectOption('Cue');
  await r1.page.getByLabel('Review', { exact: true }).focus();
  await r1.page.keyboard.press('a');
  await r1.app.expectSaved('Accept Speaker as Cue');
  await r1.page.keyboard.press('Alt+1');
  await expect(r2.app.rows).toHaveCount(2, { timeout: 15_000 });
  await expect(r1.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });

  await r1.context.setOffline(true);
  await r2.context.setOffline(true);
  const gold = (app: AnnotatePage) => app.rows.filter({ hasNotText: /^Speaker/ });
  await gold(r1.app).click();
  await r1.page.keyboard.press('1');
  await r1.app.expectSaved('Change Cue to Claim');
  await gold(r2.app).click();
  await r2.page.keyboard.press('3');
  await r2.app.expectSaved('Change Cue to Source');
  await r1.context.setOffline(false);
  await r2.context.setOffline(false);

  await expect(r1.page.getByTestId('sync-status')).toContainText('1 conflict', { timeout: 60_000 });
  await r1.page.getByRole('button', { name: 'Resolve conflicts' }).click();
  const dialog = r1.page.getByRole('dialog', { name: 'Conflicting changes' });
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await dialog
    .getByRole('listitem')
    .filter({ hasText: /^Source “Sergei Lavrov”.*by remy/ })
    .getByRole('button', { name: 'Keep this version' })
    .click();
  await expect(r1.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 30_000 });
  await expect(r2.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 30_000 });
  for (const r of [r1, r2]) await expect(gold(r.app)).toContainText('Source', { timeout: 20_000 });
  expect(await exportJsonl(r1.page)).toBe(await exportJsonl(r2.page));
  await owner.close();
  await r1.close();
  await r2.close();
});

test('the Team panel shows members, their last activity and each annotator’s progress per document, live', async ({ browser }) => {
  test.setTimeout(90_000);
  const { a, b } = await aliceAndBob(browser);
  await new TeamMenu(b.page).choose('Team progress');
  const panel = b.page.getByRole('dialog', { name: 'Team' });
  await expect(panel.getByText('Nobody has annotated this project yet.')).toBeVisible();

  // alice annotates: bob's open panel follows without a reload.
  await annotate(a.app, 'Sergei Lavrov', '2', 'Speaker');
  const members = panel.getByRole('table', { name: 'Members' });
  const alice = members.getByRole('row', { name: /^alice/ });
  await expect(alice.getByRole('cell').nth(1)).toHaveText('1', { timeout: 15_000 });
  await expect(alice.getByRole('cell').nth(0)).not.toHaveText('—');
  const progress = panel.getByRole('table', { name: 'Progress per document' });
  await expect(progress.getByRole('columnheader')).toHaveText(['Document', 'alice']);
  await expect(progress.getByRole('row', { name: /^Russia defends arms sales/ }).getByRole('cell')).toHaveText(['in progress']);

  await annotate(a.app, 'Hillary Clinton', '2', 'Speaker');
  await expect(alice.getByRole('cell').nth(1)).toHaveText('2', { timeout: 15_000 });
  await expect(alice.getByRole('cell').nth(2)).toHaveText('0 of 1');
  await a.close();
  await b.close();
});

test('two people change the schema offline: the conflict is shown, resolved, and both converge', async ({ browser }) => {
  test.setTimeout(150_000);
  // Without access rules, so two people may write the schema: the owner's rule would refuse the
  // second writer. The conflict handling does not depend on the rules.
  const database = await freshDatabase(false);
  const a = await openApp(browser);
  await putOnServer(a.page, database, 'alice');
  const r = await openApp(browser);
  await join(r.page, database, 'rita');

  const rename = async (w: typeof a, from: string, to: string) => {
    const schema = new EntitiesSchemaPage(w.page);
    await schema.openSchema();
    await schema.schemaLabel(from).getByLabel('Name').fill(to);
    await schema.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
    await expect(schema.schemaDialog).toBeHidden();
    await w.app.expectSaved('Schema');
  };
  await a.context.setOffline(true);
  await r.context.setOffline(true);
  await rename(a, 'Claim', 'Assertion');
  await rename(r, 'Source', 'Outlet');
  await a.context.setOffline(false);
  await r.context.setOffline(false);

  await expect(a.page.getByTestId('sync-status')).toContainText('1 conflict', { timeout: 60_000 });
  await a.page.getByRole('button', { name: 'Resolve conflicts' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Conflicting changes' });
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await expect(dialog.getByRole('listitem').filter({ hasText: /^Schema with labels Assertion, Speaker, Source/ })).toHaveCount(1);
  await dialog
    .getByRole('listitem')
    .filter({ hasText: /^Schema with labels Claim, Speaker, Outlet/ })
    .getByRole('button', { name: 'Keep this version' })
    .click();
  for (const w of [a, r]) await expect(w.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 30_000 });
  for (const w of [a, r]) {
    const schema = new EntitiesSchemaPage(w.page);
    await expect(async () => {
      await schema.openSchema();
      try {
        await expect(schema.schemaLabel('Outlet')).toHaveCount(1, { timeout: 1_000 });
        await expect(schema.schemaLabel('Claim')).toHaveCount(1, { timeout: 1_000 });
        await expect(schema.schemaLabel('Assertion')).toHaveCount(0, { timeout: 1_000 });
      } finally {
        await w.page.keyboard.press('Escape');
        await expect(schema.schemaDialog).toBeHidden();
      }
    }).toPass({ timeout: 30_000 });
  }
  await a.close();
  await r.close();
});

test('someone who joins after two versions of an annotation met on the server sees both and can pick one', async ({ browser }) => {
  test.setTimeout(120_000);
  const database = await freshDatabase(false);
  const a = await openApp(browser);
  await putOnServer(a.page, database, 'alice');
  await annotate(a.app, 'Sergei Lavrov', '2', 'Speaker');
  // A second first revision of alice's annotation once it is on the server, as another replica would have pushed it.
  const annotationOnServer = async () =>
    (await couch('GET', `/${database}/_all_docs?include_docs=true`)).body!.rows.find((row) => row.id.startsWith('annotation:'));
  await expect.poll(annotationOnServer, { timeout: 20_000 }).toBeTruthy();
  const { id, doc } = (await annotationOnServer())!;
  const other = { ...doc, _rev: `1-${'f'.repeat(32)}`, record: { ...doc.record, label: 'Claim', updatedBy: 'bob' } };
  expect((await couch('POST', `/${database}/_bulk_docs`, { docs: [other], new_edits: false })).status).toBe(201);

  const r = await openApp(browser);
  const joining = await fillServer(r.page, database, 'rita');
  await joining.getByRole('button', { name: 'Join a team project' }).click();
  await expect(joining).toBeHidden();
  await expect(r.page.getByTestId('sync-status')).toHaveText(/^Synced (just now|\d+ s ago) · 1 conflict$/, { timeout: 20_000 });
  await r.page.getByRole('button', { name: 'Resolve conflicts' }).click();
  const dialog = r.page.getByRole('dialog', { name: 'Conflicting changes' });
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await dialog
    .getByRole('listitem')
    .filter({ hasText: /^Speaker “Sergei Lavrov”/ })
    .getByRole('button', { name: 'Keep this version' })
    .click();
  for (const w of [a, r]) await expect(w.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 30_000 });
  const kept = await couch('GET', `/${database}/${encodeURIComponent(id)}?conflicts=true`);
  expect(kept.body).toMatchObject({ record: { label: 'Speaker' } });
  expect(kept.body).not.toHaveProperty('_conflicts');
  await a.close();
  await r.close();
});
