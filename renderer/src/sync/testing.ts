/** Test helper: reads until `ok` holds (every 25 ms, up to `tries` times), failing with `what` and the last value read. */
export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await read())}`);
}
