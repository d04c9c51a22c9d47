// The public check page (/check), for citizens, other departments and staff alike, no sign-in: a person drops a
// file (or chooses one); the browser works out its SHA-256 — the file itself never leaves the browser —, looks it
// up in the notarisation ledger and verifies the receipt itself (tlogverify.js) rather than trusting the server.
// Tests read window.cityhubCheck = { state, outcome, sha256, lang } and the result's data-outcome / data-status
// attributes; setting window.cityhubCheck.webCryptoLimit lowers the size above which files are hashed in pieces.

import { ApiError, NetworkError } from './api.js';
import { applyStaticText, DEFAULT_LANGUAGE, currentLanguage, formatDateTime, formatNumber, localName, setLanguage, t } from './i18n.js';
import * as memory from './session.js';
import { Sha256, toHex } from './sha256.js';
import { STATUS, verifyReceipt } from './tlogverify.js';

const $ = (id) => document.getElementById(id);
/** Above this size a file is read and hashed 4 MiB at a time: WebCrypto needs the whole file in memory at once. */
const WEBCRYPTO_LIMIT = 256 * 1024 * 1024;
const PIECE = 4 * 1024 * 1024;
/** A recorded document is usually in a signed checkpoint within milliseconds; look again for about a minute. */
const PENDING_TRIES = 30;
const PENDING_DELAY_MS = 2000;

const hook = { state: 'idle', outcome: null, sha256: null, lang: DEFAULT_LANGUAGE, webCryptoLimit: WEBCRYPTO_LIMIT };
window.cityhubCheck = hook;

const state = {
  run: 0,            // bumped for every file and every "check again", so answers of an earlier run are dropped
  file: null,        // the File being checked (kept to hash it again after a read error)
  sha256: null,
  phase: 'idle',     // idle | hashing | looking | verifying | waiting | done
  progress: null,    // 0…1 while a large file is hashed in pieces
  result: null,      // { outcome, record?, verification?, error? }
  note: null,        // { key, params }: a remark shown with the result (e.g. only the first of several files)
  tries: 0,
  timer: null,
  keys: undefined,   // the answer of /ledger/key; null when it could not be fetched; undefined before
};

class Superseded extends Error {}

// ---- talking to the hub -----------------------------------------------------------------------------------------

async function get(path, accept) {
  try {
    return await fetch(path, { headers: { Accept: accept, 'Accept-Language': currentLanguage() }, cache: 'no-store' });
  } catch (cause) {
    throw new NetworkError(cause);
  }
}

async function json(response) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, null);
  }
}

/** The notarisation record of `sha256`, or null when the ledger has none. */
async function lookUp(sha256) {
  const response = await get(`/api/v1/notary/${sha256}`, 'application/json, application/problem+json');
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, null);
  const record = await json(response);
  if (!record || record.sha256 !== sha256 || typeof record.integrated !== 'boolean') throw new ApiError(response.status, null);
  return record;
}

/** The receipt's text, or null while the record is not yet in a signed checkpoint (409). */
async function fetchReceipt(sha256) {
  const response = await get(`/api/v1/notary/${sha256}/receipt`, 'text/plain, application/problem+json');
  if (response.status === 409) return null;
  if (!response.ok) throw new ApiError(response.status, null);
  try {
    return await response.text();
  } catch (cause) {
    throw new NetworkError(cause);
  }
}

/** The ledger's keys ({ origin, key, witnesses }), fetched once; null when they cannot be had (then asked again). */
async function ledgerKeys() {
  if (state.keys) return state.keys;
  try {
    const response = await get('/ledger/key', 'application/json');
    const answer = response.ok ? await json(response) : null;
    state.keys = typeof answer?.key === 'string' ? { ...answer, witnesses: Array.isArray(answer.witnesses) ? answer.witnesses : [] } : null;
  } catch {
    state.keys = null;
  }
  renderKey();
  return state.keys;
}

// ---- hashing, in the browser only -------------------------------------------------------------------------------

/** The file's SHA-256 in hex: WebCrypto for files that fit in memory, else this page's own SHA-256 piece by piece. */
async function hashFile(file, run) {
  const subtle = globalThis.crypto?.subtle;
  if (subtle && file.size <= hook.webCryptoLimit) {
    return toHex(new Uint8Array(await subtle.digest('SHA-256', await file.arrayBuffer())));
  }
  const hash = new Sha256();
  for (let offset = 0; offset < file.size; offset += PIECE) {
    const piece = new Uint8Array(await file.slice(offset, offset + PIECE).arrayBuffer());
    if (run !== state.run) throw new Superseded();
    hash.update(piece);
    state.progress = Math.min(1, (offset + piece.length) / file.size);
    renderProgress();
  }
  return toHex(hash.digest());
}

// ---- the check --------------------------------------------------------------------------------------------------

async function checkFile(file, { several = false } = {}) {
  const run = startRun();
  state.file = file;
  state.sha256 = null;
  state.result = null;
  state.note = several ? { key: 'check.firstOnly', params: { name: file.name } } : null;
  hook.sha256 = null;
  setPhase('hashing');
  try {
    state.sha256 = await hashFile(file, run);
  } catch (error) {
    if (run !== state.run || error instanceof Superseded) return;
    finish({ outcome: 'error', error: { key: 'error.read', params: { detail: error?.name || String(error) } } });
    return;
  }
  if (run !== state.run) return;
  hook.sha256 = state.sha256;
  state.progress = null;
  await lookUpAndVerify(run);
}

/** "Check again": the same fingerprint is looked up anew (a file that could not be read is read again). */
function checkAgain() {
  if (!state.sha256) {
    if (state.file) checkFile(state.file);
    return;
  }
  const run = startRun();
  lookUpAndVerify(run);
}

function startRun() {
  state.run += 1;
  clearTimeout(state.timer);
  state.tries = 0;
  state.progress = null;
  return state.run;
}

async function lookUpAndVerify(run) {
  setPhase(state.tries > 0 ? 'waiting' : 'looking');
  try {
    const record = await lookUp(state.sha256);
    if (run !== state.run) return;
    if (!record) {
      finish({ outcome: 'notFound' });
      return;
    }
    if (!record.integrated) {
      waitForTheLedger(run, record);
      return;
    }
    setPhase('verifying');
    const [receipt, keys] = await Promise.all([fetchReceipt(state.sha256), ledgerKeys()]);
    if (run !== state.run) return;
    if (receipt === null) {
      waitForTheLedger(run, record);
      return;
    }
    const verification = await verifyReceipt({
      receipt, sha256: state.sha256, logKey: keys?.key ?? null, witnessKeys: keys?.witnesses ?? [],
    });
    if (run !== state.run) return;
    finish({ outcome: verification.outcome, record, verification });
  } catch (error) {
    if (run !== state.run) return;
    if (!(error instanceof NetworkError || error instanceof ApiError)) console.error(error);
    finish({ outcome: 'error', error: describe(error) });
  }
}

/** Recorded but not yet in a signed checkpoint: show so, and look again shortly (for about a minute). */
function waitForTheLedger(run, record) {
  state.tries += 1;
  if (state.tries > PENDING_TRIES) {
    finish({ outcome: 'pendingStill', record });
    return;
  }
  const first = state.result?.outcome !== 'pending';
  state.result = { outcome: 'pending', record };
  state.phase = 'waiting';
  render();
  if (first) showResult();
  state.timer = setTimeout(() => {
    if (run === state.run) lookUpAndVerify(run);
  }, PENDING_DELAY_MS);
}

function describe(error) {
  if (error instanceof NetworkError) return { key: 'error.network' };
  if (error instanceof ApiError && error.status >= 500) return { key: 'error.server', params: { status: error.status } };
  if (error instanceof ApiError) return { key: 'error.unexpected', params: { status: error.status } };
  return { key: 'error.unexpected', params: { status: '—' } };
}

function setPhase(phase) {
  state.phase = phase;
  render();
}

function finish(result) {
  state.result = result;
  state.phase = 'done';
  render();
  showResult();
}

/** Moves focus to the result, so a screen reader reads the verdict next, and scrolls its top into view. */
function showResult() {
  const card = $('check-result');
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'start' });
}

// ---- rendering --------------------------------------------------------------------------------------------------

const VERDICTS = {
  proven: { title: 'verdict.proven', text: 'verdict.provenText', mark: '✓' },
  failed: { title: 'verdict.failed', text: 'verdict.failedText', mark: '✗' },
  partial: { title: 'verdict.partial', text: 'verdict.partialText', mark: '!' },
  notFound: { title: 'verdict.notFound', text: 'verdict.notFoundText', mark: '✗' },
  pending: { title: 'verdict.pending', text: 'verdict.pendingText', mark: '…' },
  pendingStill: { title: 'verdict.pending', text: 'verdict.pendingStill', mark: '!' },
  error: { title: 'verdict.error', text: null, mark: '!' },
};
const MARKS = { passed: '✓', failed: '✗', unchecked: '?', none: '–' };

function render() {
  hook.state = state.phase;
  hook.outcome = state.phase === 'done' || state.phase === 'waiting' ? state.result?.outcome ?? null : null;
  renderStatus();
  renderProgress();
  renderResult();
}

function renderStatus() {
  const texts = {
    hashing: () => t('check.hashing', { name: state.file?.name ?? '' }),
    looking: () => t('check.looking'),
    verifying: () => t('check.verifying'),
    waiting: () => t('check.waiting', { tries: state.tries }),
  };
  $('check-status').textContent = texts[state.phase]?.() ?? '';
}

function renderProgress() {
  const bar = $('check-progress');
  bar.hidden = !(state.phase === 'hashing' && state.progress !== null);
  bar.value = Math.round((state.progress ?? 0) * 100);
}

function renderResult() {
  const card = $('check-result');
  const result = state.result;
  card.hidden = !result;
  card.dataset.outcome = result?.outcome ?? '';
  if (!result) return;
  const verdict = VERDICTS[result.outcome];
  const heading = $('check-verdict');
  heading.replaceChildren(mark(verdict.mark, 'verdict-mark'), document.createTextNode(t(verdict.title)));
  $('check-summary').textContent = result.error ? t(result.error.key, result.error.params) : t(verdict.text);
  const note = $('check-note');
  note.hidden = !state.note;
  note.textContent = state.note ? t(state.note.key, state.note.params) : '';
  $('check-facts').replaceChildren(...facts(result));
  const items = checkItems(result);
  $('checks-heading').hidden = items.length === 0;
  $('check-list').replaceChildren(...items);
  const download = $('check-download');
  download.hidden = !result.verification;
  download.href = state.sha256 ? `/api/v1/notary/${state.sha256}/receipt` : '#';
}

function mark(symbol, className) {
  const span = document.createElement('span');
  span.className = className;
  span.setAttribute('aria-hidden', 'true');
  span.textContent = symbol;
  return span;
}

function fact(labelKey, value, { id, code = false } = {}) {
  const row = document.createElement('div');
  row.className = 'fact';
  if (id) row.dataset.fact = id;
  const term = document.createElement('dt');
  term.textContent = t(labelKey);
  const detail = document.createElement('dd');
  if (value instanceof Node) detail.append(value);
  else if (code) {
    const text = document.createElement('code');
    text.textContent = value;
    detail.append(text);
  } else detail.textContent = value;
  row.append(term, detail);
  return row;
}

function facts(result) {
  const rows = [];
  const { record, verification } = result;
  if (state.file) {
    rows.push(fact('fact.file', t('fact.fileValue', { name: state.file.name, size: formatSize(state.file.size) }), { id: 'file' }));
  }
  if (state.sha256) rows.push(fact('fact.sha256', state.sha256, { id: 'sha256', code: true }));
  if (!record) return rows;
  // Once proven, title, department and time are read from the verified ledger entry, not from the server's record.
  const entry = verification?.outcome === 'proven' ? verification.entry : null;
  rows.push(fact('fact.title', entry?.title ?? record.title, { id: 'title' }));
  rows.push(fact('fact.department', departmentName(record, entry), { id: 'department' }));
  rows.push(fact('fact.recordedAt', formatDateTime(entry?.at ?? record.recordedAt, { seconds: true }), { id: 'recordedAt' }));
  rows.push(fact('fact.index', formatNumber(verification?.index ?? record.leafIndex), { id: 'index' }));
  if (verification?.checkpoint) {
    rows.push(fact('fact.checkpoint', t('fact.checkpointValue', { size: formatNumber(verification.checkpoint.size) }), { id: 'checkpoint' }));
    rows.push(fact('fact.witnesses', witnessList(verification.witnesses), { id: 'witnesses' }));
  }
  return rows;
}

function departmentName(record, entry) {
  const id = entry ? entry.department : record.department;
  if (!id) return t('none');
  if (id !== record.department || !(record.departmentName || record.departmentNameEn)) return id;
  return localName(record.departmentName, record.departmentNameEn);
}

function witnessList(witnesses) {
  if (witnesses.length === 0) return t('fact.noWitnesses');
  const list = document.createElement('ul');
  list.className = 'plain-list';
  for (const witness of witnesses) {
    const item = document.createElement('li');
    item.dataset.status = witness.status;
    const time = witness.timestamp !== undefined ? formatDateTime(new Date(Number(witness.timestamp) * 1000), { seconds: true }) : '';
    item.append(mark(MARKS[witness.status], 'inline-mark'), t(`fact.witness.${witness.status}`, { name: witness.name, time }));
    list.append(item);
  }
  return list;
}

function checkItems(result) {
  if (!state.sha256) return [];
  const items = [item('hash', STATUS.passed, t('item.hash.passed'))];
  const { outcome, record, verification } = result;
  if (outcome === 'notFound') items.push(item('found', STATUS.failed, t('item.found.failed')));
  if (outcome === 'pending' || outcome === 'pendingStill') items.push(item('found', STATUS.unchecked, t('item.found.pending')));
  if (!verification) return items;
  items.push(item('found', STATUS.passed, t('item.found.passed', { index: formatNumber(record.leafIndex) })));
  const { checks } = verification;
  for (const name of ['receipt', 'signature', 'inclusion', 'entry', 'witnesses']) {
    items.push(item(name, checks[name].status, checkDetail(name, checks[name], verification)));
  }
  return items;
}

function checkDetail(name, check, verification) {
  if (check.code === 'NO_RECEIPT') return t('item.NO_RECEIPT');
  if (name === 'receipt') return check.status === STATUS.passed ? t('item.receipt.passed') : t('item.receipt.failed', { detail: check.detail });
  if (check.status === STATUS.passed) {
    const params = {
      key: check.key ? `${check.key.name}+${check.key.id.toString(16).padStart(8, '0')}` : '',
      count: name === 'witnesses' ? verification.witnesses.length : verification.proofLength,
    };
    return t(`item.${name}.passed`, params);
  }
  return t(`item.${name}.${check.code}`, { detail: check.detail ?? '' });
}

function item(name, status, detail) {
  const entry = document.createElement('li');
  entry.className = 'check-item';
  entry.dataset.check = name;
  entry.dataset.status = status;
  const title = document.createElement('p');
  title.className = 'check-title';
  const word = document.createElement('strong');
  word.className = 'check-status';
  word.textContent = t(`status.${status}`);
  title.append(t(`item.${name}`), currentLanguage() === 'en' ? ': ' : '：', word);
  const text = document.createElement('p');
  text.className = 'check-detail';
  text.textContent = detail;
  const body = document.createElement('div');
  body.append(title, text);
  entry.append(mark(MARKS[status], 'check-mark'), body);
  return entry;
}

function formatSize(bytes) {
  const units = ['KB', 'MB', 'GB', 'TB'];
  if (bytes < 1024) return t('size.bytes', { value: formatNumber(bytes) });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 1 }).format(value);
  return `${number} ${units[unit]}`;
}

function renderKey() {
  const key = $('check-key');
  if (state.keys === undefined) key.textContent = t('how.keyLoading');
  else key.textContent = state.keys ? state.keys.key : t('how.keyMissing');
}

// ---- preferences ------------------------------------------------------------------------------------------------

function applyLanguage(lang) {
  hook.lang = setLanguage(lang);
  document.documentElement.lang = hook.lang;
  document.title = t('check.pageTitle');
  applyStaticText(document);
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === hook.lang));
  }
  render();
  renderKey();
}

function applyLargeType(on) {
  document.documentElement.classList.toggle('large-type', on);
  $('large-type').setAttribute('aria-pressed', String(on));
}

// ---- files in -----------------------------------------------------------------------------------------------

/** Takes the first dropped or chosen file; a folder or nothing at all is refused in words. */
function takeFiles(files, items) {
  const first = files?.[0];
  const folder = items?.[0]?.webkitGetAsEntry?.()?.isDirectory;
  if (!first || folder) {
    startRun();
    state.file = null;
    state.sha256 = null;
    state.note = null;
    hook.sha256 = null;
    finish({ outcome: 'error', error: { key: 'error.noFile' } });
    return;
  }
  checkFile(first, { several: files.length > 1 });
}

function carriesFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

function listenForFiles() {
  const zone = $('drop-zone');
  const input = $('check-file');
  $('check-pick').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    if (input.files?.length) takeFiles(input.files);
    input.value = '';
  });
  // A file dropped anywhere on the page is checked, so nobody has to aim at the box; the browser never opens it.
  let depth = 0;
  const highlight = (on) => {
    zone.classList.toggle('dragging', on);
    $('drop-title').textContent = t(on ? 'check.release' : 'check.drop');
  };
  document.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    highlight(true);
  });
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) highlight(false);
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    highlight(false);
    takeFiles(event.dataTransfer.files, event.dataTransfer.items);
  });
  $('check-again').addEventListener('click', checkAgain);
}

// ---- start ------------------------------------------------------------------------------------------------------

function start() {
  memory.bindPreferenceSwitches({ applyLanguage, applyLargeType });
  listenForFiles();
  applyLargeType(memory.savedLargeType());
  applyLanguage(memory.savedLanguage() ?? DEFAULT_LANGUAGE);
  ledgerKeys();
}

start();
