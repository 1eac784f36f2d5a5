/**
 * SHA-256 (FIPS 180-4), synchronous. The platform's `crypto.subtle.digest` is asynchronous, and signals are
 * routed synchronously, in arrival order: checking a call's session id (see `protocol/session-id.ts`) must not
 * let later signals overtake it. The inputs are a few dozen bytes, so speed does not matter.
 */

/**
 * The round constants and the initial state: the first 32 bits of the fractional parts of the cube roots of
 * the first 64 primes, and of the square roots of the first 8 (FIPS 180-4 §4.2.2, §5.3.3). Computed rather
 * than listed: a table of 72 random-looking words would cost more download than this whole module. Doubles
 * hold these roots to about 50 bits, more than the 32 taken.
 */
let constants: { readonly k: Int32Array; readonly initial: Int32Array } | undefined;

function sha256Constants(): { readonly k: Int32Array; readonly initial: Int32Array } {
  if (constants) return constants;
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  const fraction32 = (root: number) => (root - Math.floor(root)) * 2 ** 32;
  constants = {
    k: Int32Array.from(primes, (p) => fraction32(Math.cbrt(p))),
    initial: Int32Array.from(primes.slice(0, 8), (p) => fraction32(Math.sqrt(p))),
  };
  return constants;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** The SHA-256 digest (32 bytes) of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  // Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, to a multiple of 64 bytes.
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(padded.length - 4, (data.length * 8) >>> 0);

  const { k, initial } = sha256Constants();
  const state = [...initial];
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16] as number) + s0 + (w[i - 7] as number) + s1;
    }
    let [a, b, c, d, e, f, g, h] = state as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (k[i] as number) + (w[i] as number)) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const next = [a, b, c, d, e, f, g, h];
    for (let i = 0; i < 8; i++) state[i] = ((state[i] as number) + (next[i] as number)) | 0;
  }
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, (state[i] as number) >>> 0);
  return digest;
}
