// The fixed address of `npm start`'s browser version, and what to say when it is taken.

export const WEB_PORT = 5173;

/**
 * One message naming the port and why Claimscope does not just take another one. When the
 * program holding the port is Claimscope itself (another `npm start`), it says so.
 * @param {number} port
 * @param {(url: string) => Promise<Response>} [get]
 */
export async function portTakenMessage(port, get = (url) => fetch(url, { signal: AbortSignal.timeout(2000) })) {
  const url = `http://127.0.0.1:${port}/`;
  let isClaimscope = false;
  try {
    const response = await get(url);
    isClaimscope = /<title>Claimscope<\/title>/.test(await response.text());
  } catch {
    // Not an HTTP server, or not answering: some other program.
  }
  if (isClaimscope)
    return `Claimscope is already running at ${url}: open that address in your browser, or stop the other \`npm start\` first.`;
  return (
    `Port ${port} on 127.0.0.1 is taken by another program, so Claimscope cannot start its browser version. ` +
    `It always uses ${url} because the browser keeps your projects per address: on another port they would look empty. ` +
    `Close the program that uses port ${port} and run \`npm start\` again.`
  );
}
