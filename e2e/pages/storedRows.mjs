/**
 * Reads whole tables of the app's IndexedDB database straight from the page, as the app wrote
 * them (no Dexie in between): what the e2e specs and the crash test check. A table the database
 * does not have (yet) reads as empty.
 */
export function storedRows(page, tables) {
  return page.evaluate(
    (names) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('claimscope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const rows = Object.fromEntries(names.map((name) => [name, []]));
          const present = names.filter((name) => db.objectStoreNames.contains(name));
          if (present.length === 0) return (resolve(rows), db.close());
          const tx = db.transaction(present, 'readonly');
          const requests = present.map((name) => [name, tx.objectStore(name).getAll()]);
          tx.oncomplete = () => {
            for (const [name, request] of requests) rows[name] = request.result;
            db.close();
            resolve(rows);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    tables,
  );
}
