// SHA-256 (FIPS 180-4) in plain JavaScript, fed piece by piece. The check page uses WebCrypto when it can; this
// is for what WebCrypto cannot do: a file too large to read into memory at once (WebCrypto hashes one buffer),
// and a page served over plain HTTP to another machine, where browsers hide crypto.subtle. No DOM.

// The round constants and initial state are the first 32 bits of the fractional parts of the cube roots (resp.
// square roots) of the first primes; computed here rather than typed out.
function firstPrimes(count) {
  const primes = [];
  for (let candidate = 2; primes.length < count; candidate += 1) {
    if (primes.every((prime) => candidate % prime !== 0)) primes.push(candidate);
  }
  return primes;
}

const fraction32 = (value) => Math.floor((value - Math.floor(value)) * 2 ** 32);
const PRIMES = firstPrimes(64);
const K = Uint32Array.from(PRIMES, (prime) => fraction32(Math.cbrt(prime)));
const INITIAL = Uint32Array.from(PRIMES.slice(0, 8), (prime) => fraction32(Math.sqrt(prime)));

/** An incremental SHA-256: `update` with any number of byte arrays, then `digest` once. */
export class Sha256 {
  constructor() {
    this.state = Uint32Array.from(INITIAL);
    this.schedule = new Uint32Array(64);
    this.pending = new Uint8Array(64);   // bytes of an unfinished block
    this.pendingLength = 0;
    this.length = 0;                     // bytes hashed so far (exact up to 2^53)
    this.done = false;
  }

  /** Adds `bytes` (a Uint8Array) to the message. */
  update(bytes) {
    if (this.done) throw new Error('SHA-256: update after digest');
    let offset = 0;
    this.length += bytes.length;
    if (this.pendingLength > 0) {
      const taken = Math.min(64 - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, taken), this.pendingLength);
      this.pendingLength += taken;
      offset = taken;
      if (this.pendingLength < 64) return this;
      this.compress(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) this.compress(bytes, offset);
    this.pending.set(bytes.subarray(offset), 0);
    this.pendingLength = bytes.length - offset;
    return this;
  }

  /** The 32-byte hash of everything added; the object cannot be used afterwards. */
  digest() {
    if (this.done) throw new Error('SHA-256: digest twice');
    const bits = this.length * 8;
    const tail = new Uint8Array(this.pendingLength < 56 ? 64 : 128);
    tail.set(this.pending.subarray(0, this.pendingLength));
    tail[this.pendingLength] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    for (let offset = 0; offset < tail.length; offset += 64) this.compress(tail, offset);
    this.done = true;
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i += 1) outView.setUint32(i * 4, this.state[i]);
    return out;
  }

  compress(bytes, offset) {
    const w = this.schedule;
    for (let i = 0; i < 16; i += 1) {
      const j = offset + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 64; i += 1) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    const s = this.state;
    let a = s[0]; let b = s[1]; let c = s[2]; let d = s[3];
    let e = s[4]; let f = s[5]; let g = s[6]; let h = s[7];
    for (let i = 0; i < 64; i += 1) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choice = (e & f) ^ (~e & g);
      const t1 = (h + sum1 + choice + K[i] + w[i]) | 0;
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (sum0 + majority) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    s[0] += a; s[1] += b; s[2] += c; s[3] += d;
    s[4] += e; s[5] += f; s[6] += g; s[7] += h;
  }
}

/** SHA-256 of one byte array, in this module's code (no WebCrypto). */
export function sha256(bytes) {
  return new Sha256().update(bytes).digest();
}

/** Lower-case hex of a byte array. */
export function toHex(bytes) {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}
