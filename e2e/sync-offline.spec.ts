import { expect, test } from '@playwright/test';
import { couch } from './couch/server.ts';
import { stoppableServer } from './couch/proxy.ts';
import { annotate, freshDatabase, openApp, putOnServer, SYNCED } from './pages/team.ts';

// The team server goes down and comes back (e2e/couch/proxy.ts stops and starts it; the data
// stays in the server behind it). One test at a time owns the stoppable server's port.
test.describe.configure({ mode: 'serial' });

test('server stopped: “Offline, N changes waiting” within seconds, still after a restart; back: Synced', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await stoppableServer();
  try {
    const database = await freshDatabase();
    const a = await openApp(browser);
    await putOnServer(a.page, database, 'alice', server.url);
    const status = a.page.getByTestId('sync-status');

    await server.stop();
    // Nothing to send yet: the open change feed breaks, and that is enough to know.
    await expect(status).toHaveText('Offline', { timeout: 5_000 });
    await annotate(a.app, 'Sergei Lavrov', '2', 'Speaker');
    await annotate(a.app, 'Hillary Clinton', '2', 'Speaker');
    await a.app.row('Speaker', 'Hillary Clinton').click();
    await a.page.keyboard.press('Delete');
    await a.app.expectSaved('Delete Speaker');
    // Four records changed: two annotations, the first of which also marked the document started,
    // and the deletion.
    await expect(status).toHaveText('Offline, 4 changes waiting', { timeout: 5_000 });

    // A restart (reload: same profile, same database) still knows what has not reached the server.
    await a.page.reload();
    await expect(status).toHaveText('Offline, 4 changes waiting', { timeout: 15_000 });

    await server.start();
    await expect(status).toHaveText(SYNCED, { timeout: 30_000 });
    const all = await couch('GET', `/${database}/_all_docs?include_docs=true`);
    const annotations = all.body!.rows.filter((r) => r.id.startsWith('annotation:') && !('_deleted' in r.doc));
    expect(annotations.map((r) => r.doc.record?.quote)).toEqual(['Sergei Lavrov']);
    await a.close();
  } finally {
    await server.stop();
  }
});
