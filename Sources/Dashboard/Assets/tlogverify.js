// Checks a notarisation receipt — a C2SP tlog-proof as the hub writes it (Sources/Ledger/Proofs/TlogProof.swift)
// — without trusting the server that sent it:
//   1. the checkpoint (a C2SP signed note) carries a valid Ed25519 signature by the log's verifier key, and the
//      signatures of known witnesses (cosignature/v1) verify;
//   2. the entry in the `extra` line is leaf `index` of the checkpointed tree (RFC 6962/9162 inclusion proof);
//   3. the entry is the `notary.recorded` event of the file's SHA-256.
// No DOM and no language: results are codes that the page turns into words. Hashing and signature checks are
// passed in (`crypto`), so a test or a browser without WebCrypto's Ed25519 can supply its own.

import { sha256 as sha256InScript } from './sha256.js';

export const PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
/** Signature types of C2SP signed-note verifier keys that this module checks. */
export const KEY_TYPE = { ed25519: 0x01, cosignature: 0x04 };
const MAX_SIGNATURES = 64;
const encoder = new TextEncoder();

/** A receipt, note, key or entry that does not have the expected form; `code` says which rule it breaks. */
export class FormatError extends Error {
  constructor(code, detail = '') {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'FormatError';
    this.code = code;
  }
}

/** Thrown by an Ed25519 check that the browser cannot perform at all (as opposed to a signature that fails). */
export class UnsupportedError extends Error {
  constructor(detail) {
    super(detail);
    this.name = 'UnsupportedError';
  }
}

// ---- bytes ------------------------------------------------------------------------------------------------

/** Standard base64 (RFC 4648 §4, padded) to bytes; null when the text is not exactly that. */
export function fromBase64(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a[i] ^ b[i];
  return difference === 0;
}

const isDecimal = (text) => /^(0|[1-9][0-9]*)$/.test(text);

// ---- the default crypto: WebCrypto, with this module's own SHA-256 where WebCrypto is missing ----------------

/** SHA-256 and Ed25519 through WebCrypto. Ed25519 throws UnsupportedError where the browser lacks it. */
export const webCrypto = {
  async sha256(bytes) {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return sha256InScript(bytes);
    return new Uint8Array(await subtle.digest('SHA-256', bytes));
  },
  async ed25519Verify(publicKey, signature, message) {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) throw new UnsupportedError('WebCrypto is not available (the page is not in a secure context)');
    let key;
    try {
      key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    } catch (error) {
      if (error?.name === 'NotSupportedError') throw new UnsupportedError('this browser has no Ed25519 in WebCrypto');
      return false; // a malformed public key verifies nothing
    }
    try {
      return await subtle.verify({ name: 'Ed25519' }, key, signature, message);
    } catch (error) {
      if (error?.name === 'NotSupportedError') throw new UnsupportedError('this browser has no Ed25519 in WebCrypto');
      return false;
    }
  },
};

// ---- formats ----------------------------------------------------------------------------------------------

/** key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], as an unsigned 32-bit number. */
export async function keyID(name, type, publicKey, crypto = webCrypto) {
  const hash = await crypto.sha256(concat(encoder.encode(name), Uint8Array.of(0x0a, type), publicKey));
  return new DataView(hash.buffer, hash.byteOffset, 4).getUint32(0);
}

const isKeyName = (name) => name.length > 0 && !/[\s+\u0000-\u001f]/u.test(name);

/**
 * A C2SP verifier key `name+hex(key ID)+base64(type ‖ key)` → { name, type, id, publicKey, text }.
 * Only Ed25519 note keys (0x01) and Ed25519 cosigner keys (0x04); the key ID must match name, type and key.
 */
export async function parseVerifierKey(text, crypto = webCrypto) {
  const trimmed = String(text ?? '').trim();
  const first = trimmed.indexOf('+');
  const second = first < 0 ? -1 : trimmed.indexOf('+', first + 1);
  if (second < 0) throw new FormatError('BAD_KEY', 'expected name+keyID+key');
  const name = trimmed.slice(0, first);
  const idText = trimmed.slice(first + 1, second);
  const material = fromBase64(trimmed.slice(second + 1));
  if (!isKeyName(name)) throw new FormatError('BAD_KEY', 'the key name is empty or has a space or plus sign');
  if (!/^[0-9a-f]{8}$/.test(idText)) throw new FormatError('BAD_KEY', 'the key ID is not 8 lower-case hex digits');
  if (!material || material.length !== 33) throw new FormatError('BAD_KEY', 'the key is not base64 of 33 bytes');
  const type = material[0];
  if (type !== KEY_TYPE.ed25519 && type !== KEY_TYPE.cosignature) throw new FormatError('BAD_KEY', `unsupported key type ${type}`);
  const publicKey = material.slice(1);
  const id = await keyID(name, type, publicKey, crypto);
  if (id !== Number.parseInt(idText, 16)) throw new FormatError('BAD_KEY', 'the key ID does not match the name and key');
  return { name, type, id, publicKey, text: trimmed };
}

/** A C2SP signed note → { text, signatures: [{ name, id, signature, line }] } (text ends in its newline). */
export function parseSignedNote(note) {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new FormatError('BAD_NOTE', 'control characters other than newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new FormatError('BAD_NOTE', 'no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new FormatError('BAD_NOTE', 'the signature lines do not end with a newline');
  const signatures = block.slice(0, -1).split('\n').map((line) => {
    if (!line.startsWith('\u2014 ')) throw new FormatError('BAD_NOTE', 'a signature line does not start with an em dash');
    const parts = line.slice(2).split(' ');
    if (parts.length !== 2 || !isKeyName(parts[0])) throw new FormatError('BAD_NOTE', 'a signature line is not "— name signature"');
    const bytes = fromBase64(parts[1]);
    if (!bytes || bytes.length <= 4) throw new FormatError('BAD_NOTE', 'a signature is not base64');
    const id = new DataView(bytes.buffer, 0, 4).getUint32(0);
    return { name: parts[0], id, signature: bytes.slice(4), line };
  });
  if (signatures.length > MAX_SIGNATURES) throw new FormatError('BAD_NOTE', 'too many signatures');
  return { text, signatures };
}

/** A C2SP checkpoint's note text → { origin, size (BigInt), rootHash (32 bytes), extensions }. */
export function parseCheckpoint(text) {
  if (!text.endsWith('\n')) throw new FormatError('BAD_CHECKPOINT', 'the text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new FormatError('BAD_CHECKPOINT', 'origin, size and root hash lines are required');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!origin) throw new FormatError('BAD_CHECKPOINT', 'the origin line is empty');
  if (!isDecimal(sizeText)) throw new FormatError('BAD_CHECKPOINT', 'the size is not a plain decimal number');
  const rootHash = fromBase64(rootText);
  if (!rootHash || rootHash.length !== 32) throw new FormatError('BAD_CHECKPOINT', 'the root hash is not base64 of 32 bytes');
  if (extensions.some((line) => line === '')) throw new FormatError('BAD_CHECKPOINT', 'an extension line is empty');
  return { origin, size: BigInt(sizeText), rootHash, extensions };
}

/**
 * A C2SP tlog-proof → { extra (bytes or null), index (BigInt), proof: [32-byte hashes], note (the checkpoint's
 * signed note as text) }. Only its form is checked here.
 */
export function parseTlogProof(receipt) {
  const blank = receipt.indexOf('\n\n');
  if (blank < 0) throw new FormatError('BAD_PROOF', 'no blank line before the checkpoint');
  const lines = receipt.slice(0, blank).split('\n');
  if (lines.shift() !== PROOF_HEADER) throw new FormatError('BAD_PROOF', `the first line is not ${PROOF_HEADER}`);
  let extra = null;
  if (lines[0]?.startsWith('extra ')) {
    extra = fromBase64(lines.shift().slice(6));
    if (!extra) throw new FormatError('BAD_PROOF', 'the extra line is not base64');
  }
  const indexLine = lines.shift() ?? '';
  if (!indexLine.startsWith('index ') || !isDecimal(indexLine.slice(6))) {
    throw new FormatError('BAD_PROOF', 'the index line is missing or not a plain decimal number');
  }
  const proof = lines.map((line) => {
    const hash = fromBase64(line);
    if (!hash || hash.length !== 32) throw new FormatError('BAD_PROOF', 'a proof line is not a base64 SHA-256 hash');
    return hash;
  });
  return { extra, index: BigInt(indexLine.slice(6)), proof, note: receipt.slice(blank + 2) };
}

// ---- Merkle trees (RFC 6962 / RFC 9162) ---------------------------------------------------------------------

/** SHA-256(0x00 ‖ entry). */
export async function leafHash(entry, crypto = webCrypto) {
  return crypto.sha256(concat(Uint8Array.of(0x00), entry));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export async function nodeHash(left, right, crypto = webCrypto) {
  return crypto.sha256(concat(Uint8Array.of(0x01), left, right));
}

/**
 * Whether `proof` (nearest sibling first) leads from leaf `index`'s hash to `root` in a tree of `size` leaves
 * (RFC 9162 §2.1.3.2). `index` and `size` are BigInts.
 */
export async function verifyInclusion(leaf, index, size, proof, root, crypto = webCrypto) {
  if (index < 0n || index >= size) return false;
  let fn = index;
  let sn = size - 1n;
  let hash = leaf;
  for (const sibling of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      hash = await nodeHash(sibling, hash, crypto);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      hash = await nodeHash(hash, sibling, crypto);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(hash, root);
}

// ---- signatures ---------------------------------------------------------------------------------------------

/** The message of an Ed25519 cosignature/v1 at `timestamp` over note text `text`. */
export function cosignatureMessage(text, timestamp) {
  return encoder.encode(`cosignature/v1\ntime ${timestamp}\n${text}`);
}

/**
 * Checks one signature line against the key it names: 'valid', 'invalid', or throws UnsupportedError.
 * Returns the cosignature's timestamp (POSIX seconds, BigInt) with a valid witness cosignature.
 */
async function checkSignature(key, signature, text, crypto) {
  if (key.type === KEY_TYPE.ed25519) {
    const valid = signature.signature.length === 64
      && await crypto.ed25519Verify(key.publicKey, signature.signature, encoder.encode(text));
    return { valid };
  }
  if (signature.signature.length !== 72) return { valid: false };
  const timestamp = new DataView(signature.signature.buffer, signature.signature.byteOffset, 8).getBigUint64(0);
  if (timestamp === 0n || timestamp > 2n ** 63n - 1n) return { valid: false };
  const valid = await crypto.ed25519Verify(key.publicKey, signature.signature.slice(8), cosignatureMessage(text, timestamp));
  return { valid, timestamp };
}

// ---- the whole receipt ----------------------------------------------------------------------------------------

/** Status of one check. 'unchecked': it could not be carried out (e.g. no Ed25519 in this browser). */
export const STATUS = { passed: 'passed', failed: 'failed', unchecked: 'unchecked', none: 'none' };

/**
 * Verifies a notarisation receipt for the file with SHA-256 `sha256` (hex).
 *   receipt      the tlog-proof text from /api/v1/notary/{sha256}/receipt
 *   logKey       the log's verifier key text (null when it could not be fetched)
 *   witnessKeys  the witnesses' cosigner key texts (may be empty)
 * Returns { outcome: 'proven' | 'failed' | 'partial', checks: { receipt, signature, inclusion, entry, witnesses }
 * (each { status, code?, detail? }; a passed signature also names its `key`), witnesses: [{ name, status,
 * timestamp? }], and once the receipt could be read: checkpoint { origin, size }, index, proofLength, entry? }.
 * 'partial' means nothing failed but the signature could not be checked, so the result is not proven.
 */
export async function verifyReceipt({ receipt, sha256, logKey, witnessKeys = [], crypto = webCrypto }) {
  const checks = {};
  const result = { checks, witnesses: [] };
  const fail = (code, detail = '') => ({ status: STATUS.failed, code, detail });

  let parsed;
  let note;
  let checkpoint;
  try {
    parsed = parseTlogProof(receipt);
    note = parseSignedNote(parsed.note);
    checkpoint = parseCheckpoint(note.text);
    checks.receipt = { status: STATUS.passed };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    checks.receipt = fail(error.code, error.message);
    for (const name of ['signature', 'inclusion', 'entry']) checks[name] = fail('NO_RECEIPT');
    checks.witnesses = { status: STATUS.unchecked, code: 'NO_RECEIPT' };
    return finish(result);
  }
  result.checkpoint = { origin: checkpoint.origin, size: checkpoint.size };
  result.index = parsed.index;
  result.proofLength = parsed.proof.length;

  checks.signature = await checkLogSignature(note, checkpoint, logKey, crypto);
  await checkWitnesses(result, note, witnessKeys, crypto);

  if (!parsed.extra) {
    checks.inclusion = fail('NO_ENTRY');
  } else if (parsed.index >= checkpoint.size) {
    checks.inclusion = fail('INDEX_OUTSIDE_TREE');
  } else {
    const leaf = await leafHash(parsed.extra, crypto);
    const included = await verifyInclusion(leaf, parsed.index, checkpoint.size, parsed.proof, checkpoint.rootHash, crypto);
    checks.inclusion = included ? { status: STATUS.passed } : fail('ROOT_MISMATCH');
  }
  checks.entry = parsed.extra ? checkEntry(parsed.extra, parsed.index, sha256, result) : fail('NO_ENTRY');
  return finish(result);
}

async function checkLogSignature(note, checkpoint, logKeyText, crypto) {
  if (!logKeyText) return { status: STATUS.unchecked, code: 'NO_KEY' };
  let key;
  try {
    key = await parseVerifierKey(logKeyText, crypto);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { status: STATUS.unchecked, code: 'BAD_KEY', detail: error.message };
  }
  if (key.type !== KEY_TYPE.ed25519) return { status: STATUS.unchecked, code: 'BAD_KEY', detail: 'not a log key' };
  if (checkpoint.origin !== key.name) return { status: STATUS.failed, code: 'OTHER_LOG', detail: checkpoint.origin };
  const lines = note.signatures.filter((signature) => signature.name === key.name && signature.id === key.id);
  if (lines.length === 0) return { status: STATUS.failed, code: 'NOT_SIGNED' };
  try {
    for (const line of lines) {
      if (!(await checkSignature(key, line, note.text, crypto)).valid) return { status: STATUS.failed, code: 'BAD_SIGNATURE' };
    }
  } catch (error) {
    if (error instanceof UnsupportedError) return { status: STATUS.unchecked, code: 'ED25519_UNSUPPORTED', detail: error.message };
    throw error;
  }
  return { status: STATUS.passed, key: { name: key.name, id: key.id } };
}

/** Each known witness: 'passed' (valid cosignature), 'failed' (its line does not verify) or 'none' (no line). */
async function checkWitnesses(result, note, witnessKeys, crypto) {
  let unsupported = false;
  for (const text of witnessKeys) {
    let key;
    try {
      key = await parseVerifierKey(text, crypto);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      continue; // a key the page cannot read vouches for nothing
    }
    const lines = note.signatures.filter((signature) => signature.name === key.name && signature.id === key.id);
    const witness = { name: key.name, status: STATUS.none };
    try {
      for (const line of lines) {
        const { valid, timestamp } = await checkSignature(key, line, note.text, crypto);
        witness.status = valid ? STATUS.passed : STATUS.failed;
        if (valid && timestamp !== undefined) witness.timestamp = timestamp;
        if (!valid) break;
      }
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      witness.status = STATUS.unchecked;
      unsupported = true;
    }
    result.witnesses.push(witness);
  }
  const statuses = result.witnesses.map((witness) => witness.status);
  if (statuses.length === 0) result.checks.witnesses = { status: STATUS.none, code: 'NO_WITNESSES' };
  else if (statuses.includes(STATUS.failed)) result.checks.witnesses = { status: STATUS.failed, code: 'BAD_COSIGNATURE' };
  else if (unsupported) result.checks.witnesses = { status: STATUS.unchecked, code: 'ED25519_UNSUPPORTED' };
  else if (statuses.every((status) => status === STATUS.passed)) result.checks.witnesses = { status: STATUS.passed };
  else result.checks.witnesses = { status: STATUS.none, code: 'NOT_YET_COSIGNED' };
}

/** The entry must be the ledger's `notary.recorded` event of this very hash, at the proved index. */
function checkEntry(bytes, index, sha256, result) {
  let entry;
  try {
    entry = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { status: STATUS.failed, code: 'ENTRY_NOT_JSON' };
  }
  if (entry === null || typeof entry !== 'object') return { status: STATUS.failed, code: 'ENTRY_NOT_JSON' };
  result.entry = {
    kind: entry.kind,
    title: entry.payload?.title,
    department: entry.department,
    at: Number.isFinite(entry.at) ? new Date(entry.at) : null,
    seq: entry.seq,
  };
  if (entry.kind !== 'notary.recorded') return { status: STATUS.failed, code: 'NOT_A_NOTARISATION', detail: String(entry.kind) };
  const wanted = String(sha256 ?? '').toLowerCase();
  if (entry.payload?.sha256 !== wanted || entry.subject !== `notary:${wanted}`) {
    return { status: STATUS.failed, code: 'OTHER_DOCUMENT', detail: String(entry.payload?.sha256) };
  }
  if (!Number.isSafeInteger(entry.seq) || BigInt(entry.seq) !== index + 1n) {
    return { status: STATUS.failed, code: 'WRONG_POSITION', detail: String(entry.seq) };
  }
  return { status: STATUS.passed };
}

function finish(result) {
  const { checks } = result;
  const essential = [checks.receipt, checks.signature, checks.inclusion, checks.entry];
  if (essential.some((check) => check.status === STATUS.failed) || checks.witnesses.status === STATUS.failed) {
    result.outcome = 'failed';
  } else if (essential.every((check) => check.status === STATUS.passed)) {
    result.outcome = 'proven';
  } else {
    result.outcome = 'partial';
  }
  return result;
}
