/** Random identifiers (message ids, XMPP resources). Not secrets: uniqueness is all they need. */

/** `byteCount` random bytes as lowercase hex. `crypto.getRandomValues` exists in browsers and Node 20+. */
export function randomHex(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
