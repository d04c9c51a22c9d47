// The hub's web page: sign in, then two places reached from the navigation bar and the address's hash:
//   #/map (default)   the district map with its legend and layer switches;
//   #/cases           the case inboxes of the signed-in role;  #/cases/{id}  one case;  #/report  the report form.
// Tests read window.cityhub = { ready, gridsDrawn, lang, view } and the map's data-grids-drawn attribute.

import { ApiError, NetworkError, createApi } from './api.js';
import { REPORTING_ROLES, createReferences } from './casedata.js';
import { createCasePage } from './casepage.js';
import { createInbox } from './cases.js';
import { createNotices } from './notices.js';
import {
  DEFAULT_LANGUAGE, applyStaticText, currentLanguage, localName, roleName, setLanguage, t,
} from './i18n.js';
import { createDistrictMap, leafletAvailable } from './map.js';
import { fillLegend, fillMapNotice, statusText } from './panels.js';
import { createReportForm } from './report.js';
import { createScreen, prefetchingApi, screenPaths } from './screen.js';
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
  sessionGeneration: 0,  // bumped on sign-out only (the map's loads bump `generation` too)
  expiryTimer: null,
  route: null,           // { view: 'map' | 'cases' | 'case' | 'report', id?, point? }
  mapNeedsFit: false,    // the map was drawn while hidden; fit it to the district when it is shown
  screen: null,          // the one screen's layers and panels (screen.js) once the map is drawn
  caseNotice: null,      // a notice for the next case page (e.g. "reported as …")
};

const hook = { ready: false, gridsDrawn: 0, lang: DEFAULT_LANGUAGE, error: null, view: null };
window.cityhub = hook;

const api = createApi({
  getToken: () => state.session?.token ?? null,
  getLanguage: currentLanguage,
  onUnauthorized: () => endSession({ key: 'login.expired' }),
});

const VIEWS = { map: 'dashboard-view', cases: 'cases-view', case: 'case-view', report: 'report-view' };
const NAV_OF_VIEW = { map: 'map', cases: 'cases', case: 'cases', report: 'report' };
const HEADING_OF_VIEW = { map: 'main', cases: 'cases-heading', case: 'case-heading', report: 'report-heading' };

const role = () => state.session?.user?.role ?? null;
const refs = createReferences(api);
const inbox = createInbox({ api, refs, getRole: role });
const casePage = createCasePage({ api, refs, getUser: () => state.session?.user ?? null });
const notices = createNotices({
  api, button: $('notices-button'), count: $('notices-count'), panel: $('notices-panel'), list: $('notices-list'),
  markAll: $('notices-read'),
});
const reportForm = createReportForm({
  api,
  refs,
  onCreated: (record) => {
    state.caseNotice = { key: 'report.created', params: { id: record.id } };
    window.location.hash = `#/cases/${encodeURIComponent(record.id)}`;
  },
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
  state.screen?.refreshLanguage();
  if (state.session) {
    notices.render();
    inbox.refreshLanguage();
    casePage.refreshLanguage();
    reportForm.refreshLanguage();
  }
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
  $('main-nav').hidden = !state.session;
  $('nav-report').hidden = !REPORTING_ROLES.has(user?.role);
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
  for (const id of Object.values(VIEWS)) $(id).hidden = true;
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
  renderHeader();
  notices.start();
  refs.load(session.user?.role);
  const route = parseRoute();
  if (route.view !== 'map') loadDistrictName();
  showRoute(route);
}

// ---- navigation ----------------------------------------------------------------------------------------

/** The view named by the address's hash: #/map, #/cases, #/cases/{id}, #/report?lon=…&lat=… (default: the map). */
function parseRoute(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'cases' && parts[1]) return { view: 'case', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'cases') return { view: 'cases' };
  if (parts[0] === 'report' && REPORTING_ROLES.has(role())) {
    const params = new URLSearchParams(query);
    const lon = Number.parseFloat(params.get('lon'));
    const lat = Number.parseFloat(params.get('lat'));
    return { view: 'report', point: Number.isFinite(lon) && Number.isFinite(lat) ? { lon, lat } : null };
  }
  return { view: 'map' };
}

/** Shows one view, marks its navigation link as current and starts what it needs. */
function showRoute(route, { focus = false } = {}) {
  state.route = route;
  hook.view = route.view;
  for (const [view, id] of Object.entries(VIEWS)) $(id).hidden = view !== route.view;
  for (const link of document.querySelectorAll('#main-nav [data-view]')) {
    if (link.dataset.view === NAV_OF_VIEW[route.view]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (route.view === 'map') {
    if (!state.map && !state.loading && !state.mapProblem) loadDistrict();
    else if (state.map) {
      state.map.invalidateSize();
      if (state.mapNeedsFit) state.map.fit();
      state.mapNeedsFit = false;
    }
  } else if (route.view === 'cases') {
    inbox.show();
  } else if (route.view === 'case') {
    const notice = state.caseNotice;
    state.caseNotice = null;
    casePage.open(route.id, { notice });
  } else if (route.view === 'report') {
    reportForm.show(route.point);
  }
  if (focus) $(HEADING_OF_VIEW[route.view])?.focus();
}

/** The district's name for the header when the map (which fetches it too) is not the first view. */
async function loadDistrictName() {
  const generation = state.sessionGeneration;
  try {
    const district = await api.get('/api/v1/geo/district');
    if (generation !== state.sessionGeneration || state.district) return;
    state.district = district;
    renderHeader();
  } catch {
    // The header simply shows no district name.
  }
}

/** Forgets the session and everything loaded with it, and returns to the sign-in form. */
function endSession(message = null) {
  state.generation += 1;
  state.sessionGeneration += 1;
  state.route = null;
  state.caseNotice = null;
  state.mapNeedsFit = false;
  hook.view = null;
  inbox.reset();
  notices.stop();
  casePage.reset();
  reportForm.reset();
  refs.reset();
  clearTimeout(state.expiryTimer);
  memory.clearSession();
  state.session = null;
  state.district = null;
  state.loading = false;
  state.mapProblem = null;
  state.screen?.stop();
  state.screen = null;
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
  // The next person to sign in on this screen starts from the map, not from the previous user's case.
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  endSession();
}

// ---- the district --------------------------------------------------------------------------------------

async function loadDistrict() {
  const generation = ++state.generation;
  const current = () => generation === state.generation;
  state.screen?.stop();
  state.screen = null;
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
    // The screen's own data is asked now, alongside the base map's, and taken by the screen once the map is drawn.
    const screenApi = prefetchingApi(api, screenPaths());
    const [districtAnswer, grids, streets, rivers, roads] = await Promise.all([
      district,
      api.get('/api/v1/geo/grids'),
      api.get('/api/v1/geo/streets'),
      api.get('/api/v1/geo/features?kind=river'),
      api.get('/api/v1/geo/features?kind=road'),
    ]);
    if (!current()) return;
    const onReportHere = REPORTING_ROLES.has(role())
      // On the one screen the form opens in the popup (screen.fileHere); the report page otherwise.
      ? (point) => { if (!state.screen?.fileHere(point)) window.location.hash = `#/report?lon=${point.lon}&lat=${point.lat}`; }
      : undefined;
    state.map = createDistrictMap($('map'), { district: districtAnswer, grids, streets, rivers, roads }, { onReportHere });
    state.mapNeedsFit = $('dashboard-view').hidden;
    for (const input of document.querySelectorAll('[data-layer]')) state.map.setVisible(input.dataset.layer, input.checked);
    addConfiguredTiles(state.map, current);
    state.loading = false;
    renderLegend();
    renderStatus();
    const drawn = await state.map.drawn;
    if (!current()) return;
    hook.gridsDrawn = drawn;
    hook.ready = true;
    startScreen(generation, screenApi);
  } catch (error) {
    if (!current()) return;
    if (error instanceof ApiError && error.status === 401) return; // endSession has already run
    const detail = error instanceof NetworkError ? t('login.network') : error.message;
    showMapProblem({ kind: 'load', detail }, 'load-failed');
  }
}

/** The optional tile server (map.tile_url): offered as a base layer, off until the user switches it on. */
function addConfiguredTiles(mapHandle, current) {
  api.get('/api/v1/map/settings').then((settings) => {
    if (!current() || !settings?.tiles) return;
    mapHandle.addTiles(settings.tiles);
    $('layer-tiles-box').hidden = false;
    mapHandle.setVisible('tiles', $('layer-tiles').checked);
  }).catch(() => {});
}

/** The one screen's layers, panels and live feed on the drawn map. */
function startScreen(generation, screenApi = api) {
  state.screen = createScreen({
    api: screenApi,
    refs,
    mapHandle: state.map,
    getRole: role,
    getToken: () => state.session?.token ?? null,
    hook,
    onOpenCase: (id) => { window.location.hash = `#/cases/${encodeURIComponent(id)}`; },
  });
  state.screen.start().catch((error) => {
    if (generation === state.generation && !(error instanceof ApiError && error.status === 401)) hook.screenError = error.message;
  });
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
  memory.bindPreferenceSwitches({ applyLanguage, applyLargeType });
  for (const input of document.querySelectorAll('[data-layer]')) {
    input.addEventListener('change', () => state.map?.setVisible(input.dataset.layer, input.checked));
  }
  for (const input of document.querySelectorAll('[data-overlay]')) {
    input.addEventListener('change', () => state.screen?.setVisible(input.dataset.overlay, input.checked));
  }
  for (const id of ['flood-level', 'flood-mode', 'flood-gauge']) {
    $(id).addEventListener('input', () => state.screen?.scheduleFlood());
  }
  $('gauge-choice').addEventListener('change', () => state.screen?.loadGaugeChart());
  $('big-screen').addEventListener('click', () => state.screen?.setMode('big'));
  $('mode-operator').addEventListener('click', () => state.screen?.setMode('operator'));
  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => {
    if (!state.session) return;
    showRoute(parseRoute(), { focus: true });
    notices.refresh();
  });

  applyLargeType(memory.savedLargeType());
  applyLanguage(memory.savedLanguage() ?? DEFAULT_LANGUAGE);
  const session = memory.loadSession();
  if (session) startSession(session);
  else showLogin();
}

start();
