// The first page of the hub: sign in, then the district map with its legend and layer switches.
// Tests read window.cityhub = { ready, gridsDrawn, lang } and the map's data-grids-drawn attribute.

import { ApiError, NetworkError, createApi } from './api.js';
import {
  DEFAULT_LANGUAGE, applyStaticText, currentLanguage, localName, roleName, setLanguage, t,
} from './i18n.js';
import { createDistrictMap, leafletAvailable } from './map.js';
import { fillLegend, fillMapNotice, statusText } from './panels.js';
import * as memory from './session.js';

const $ = (id) => document.getElementById(id);
const MAX_TIMER_MS = 2 ** 31 - 1;

const state = {
  session: null,
  district: null,
  map: null,
  loading: false,
  mapProblem: null,      // { kind: 'leaflet' } | { kind: 'load', detail }
  loginMessage: null,    // { key } (page text, re-translated) | { text, code } (server text, kept as sent)
  generation: 0,         // bumped on sign-out so late answers of an old session are dropped
  expiryTimer: null,
};

const hook = { ready: false, gridsDrawn: 0, lang: DEFAULT_LANGUAGE, error: null };
window.cityhub = hook;

const api = createApi({
  getToken: () => state.session?.token ?? null,
  getLanguage: currentLanguage,
  onUnauthorized: () => endSession({ key: 'login.expired' }),
});

// ---- preferences ---------------------------------------------------------------------------------------

function applyLanguage(lang) {
  hook.lang = setLanguage(lang);
  document.documentElement.lang = hook.lang;
  document.title = t('page.title');
  applyStaticText(document);
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === hook.lang));
  }
  renderHeader();
  renderStatus();
  renderLegend();
  renderLoginMessage();
  renderMapNotice();
  state.map?.refreshLanguage();
}

function applyLargeType(on) {
  document.documentElement.classList.toggle('large-type', on);
  $('large-type').setAttribute('aria-pressed', String(on));
  state.map?.invalidateSize();
}

// ---- rendering -----------------------------------------------------------------------------------------

function renderHeader() {
  const user = state.session?.user;
  $('user-box').hidden = !state.session;
  $('user-name').textContent = user ? (user.displayName || user.username || '') : '';
  $('user-role').textContent = user?.role ? t('user.role', { role: roleName(user.role) }) : '';

  const districtName = $('district-name');
  districtName.hidden = !(state.session && state.district);
  districtName.textContent = state.district ? localName(state.district.name, state.district.nameEn) : '';
}

function renderStatus() {
  $('status-line').textContent = statusText(state.district, state.loading, state.map);
}

function renderLegend() {
  fillLegend($('legend-list'), state.map);
}

function renderLoginMessage() {
  const box = $('login-error');
  const message = state.loginMessage;
  box.hidden = !message;
  box.textContent = message ? (message.key ? t(message.key) : message.text) : '';
  if (message?.code) box.dataset.problemCode = message.code;
  else delete box.dataset.problemCode;
}

function renderMapNotice() {
  fillMapNotice($('map-notice'), state.mapProblem, () => loadDistrict());
}

// ---- session -------------------------------------------------------------------------------------------

function showLogin() {
  $('dashboard-view').hidden = true;
  $('login-view').hidden = false;
  renderHeader();
  renderLoginMessage();
}

function startSession(session) {
  state.session = session;
  state.loginMessage = null;
  clearTimeout(state.expiryTimer);
  // Sign out when the token expires; if the clocks disagree (wait <= 0) the server's 401 decides instead.
  const wait = (session.expiresAt?.getTime() ?? NaN) - Date.now();
  if (wait > 0) state.expiryTimer = setTimeout(() => endSession({ key: 'login.expired' }), Math.min(wait, MAX_TIMER_MS));
  $('login-view').hidden = true;
  $('dashboard-view').hidden = false;
  renderHeader();
  loadDistrict();
}

/** Forgets the session and everything loaded with it, and returns to the sign-in form. */
function endSession(message = null) {
  state.generation += 1;
  clearTimeout(state.expiryTimer);
  memory.clearSession();
  state.session = null;
  state.district = null;
  state.loading = false;
  state.mapProblem = null;
  state.map?.destroy();
  state.map = null;
  hook.ready = false;
  hook.gridsDrawn = 0;
  hook.error = null;
  $('map').dataset.gridsDrawn = '0';
  state.loginMessage = message;
  renderStatus();
  renderLegend();
  renderMapNotice();
  showLogin();
  $('login-username').focus();
}

async function signIn(event) {
  event.preventDefault();
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    state.loginMessage = { key: 'login.required' };
    renderLoginMessage();
    return;
  }
  const submit = $('login-submit');
  submit.disabled = true;
  submit.textContent = t('login.busy');
  state.loginMessage = null;
  renderLoginMessage();
  try {
    const answer = await api.login(username, password);
    memory.saveSession(answer);
    $('login-password').value = '';
    const expiresAt = answer.expiresAt ? new Date(answer.expiresAt) : null;
    startSession({ token: answer.token, expiresAt, user: answer.user ?? null });
    $('main').focus();
  } catch (error) {
    memory.clearSession();
    if (error instanceof ApiError && error.fromServer) state.loginMessage = { text: error.message, code: error.code };
    else if (error instanceof NetworkError) state.loginMessage = { key: 'login.network' };
    else state.loginMessage = { key: 'login.failed' };
    renderLoginMessage();
    $('login-password').select();
  } finally {
    submit.disabled = false;
    submit.textContent = t('login.submit');
  }
}

async function signOut() {
  try {
    await api.logout();
  } catch {
    // The token is forgotten here whatever the server answers; an unreachable server must not trap the user.
  }
  endSession();
}

// ---- the district --------------------------------------------------------------------------------------

async function loadDistrict() {
  const generation = ++state.generation;
  const current = () => generation === state.generation;
  state.map?.destroy();
  state.map = null;
  state.mapProblem = null;
  state.loading = true;
  hook.ready = false;
  renderMapNotice();
  renderStatus();

  const district = api.get('/api/v1/geo/district').then((answer) => {
    if (current()) {
      state.district = answer;
      renderHeader();
      renderStatus();
    }
    return answer;
  });
  try {
    if (!leafletAvailable()) {
      await district;
      if (current()) showMapProblem({ kind: 'leaflet' }, 'leaflet-missing');
      return;
    }
    const [districtAnswer, grids, streets, rivers, roads] = await Promise.all([
      district,
      api.get('/api/v1/geo/grids'),
      api.get('/api/v1/geo/streets'),
      api.get('/api/v1/geo/features?kind=river'),
      api.get('/api/v1/geo/features?kind=road'),
    ]);
    if (!current()) return;
    state.map = createDistrictMap($('map'), { district: districtAnswer, grids, streets, rivers, roads });
    for (const input of document.querySelectorAll('[data-layer]')) state.map.setVisible(input.dataset.layer, input.checked);
    state.loading = false;
    renderLegend();
    renderStatus();
    const drawn = await state.map.drawn;
    if (!current()) return;
    hook.gridsDrawn = drawn;
    hook.ready = true;
  } catch (error) {
    if (!current()) return;
    if (error instanceof ApiError && error.status === 401) return; // endSession has already run
    const detail = error instanceof NetworkError ? t('login.network') : error.message;
    showMapProblem({ kind: 'load', detail }, 'load-failed');
  }
}

function showMapProblem(problem, code) {
  state.loading = false;
  state.mapProblem = problem;
  hook.error = code;
  renderStatus();
  renderMapNotice();
}

// ---- start ---------------------------------------------------------------------------------------------

function start() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      memory.saveLanguage(button.dataset.lang);
      applyLanguage(button.dataset.lang);
    });
  }
  $('large-type').addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('large-type');
    memory.saveLargeType(on);
    applyLargeType(on);
  });
  for (const input of document.querySelectorAll('[data-layer]')) {
    input.addEventListener('change', () => state.map?.setVisible(input.dataset.layer, input.checked));
  }
  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', signOut);

  applyLargeType(memory.savedLargeType());
  applyLanguage(memory.savedLanguage() ?? DEFAULT_LANGUAGE);
  const session = memory.loadSession();
  if (session) startSession(session);
  else showLogin();
}

start();
