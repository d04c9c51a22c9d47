// The one screen (一屏统看): overlay layers on the district map, the indicator panels, charts, the live
// timeline and the flood what-if, all from the hub's existing APIs. map.js draws the base map; this module adds
// to its Leaflet map. Chart.js is the global `Chart` from /vendor/chart/ (Debian's libjs-chart.js).

import { t, localName, formatNumber, formatDateTime, currentLanguage, labelFor } from './i18n.js';
import { categoryName, departmentLabel } from './casedata.js';
import { followEvents } from './stream.js';
import { parseFirstFlood, drawInto, placesAt } from './floodgrid.js';
import { createIntersections } from './intersections.js';
import { openFileForm } from './fileform.js';
import { drawWarnings } from './warnings.js';

/** Roles that may report a case (POST /api/v1/reports): the screen offers its form to them only. */
const FILING_ROLES = new Set(['admin', 'dispatcher', 'inspector']);
const MODE_KEY = 'cityhub.screenMode';

const shanghaiDay = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));
const today = () => shanghaiDay(Date.now());
const daysAgo = (n) => shanghaiDay(Date.now() - n * 86400000);

/** The GET requests the screen's first render needs, so the page can ask them while the base map still loads. */
export function screenPaths() {
  return ['/api/v1/cases/map', '/api/v1/telemetry/rainfall?window=24h',
    '/api/v1/telemetry/stations?kind=river_gauge&limit=200&include=latest', '/api/v1/telemetry/alarms?limit=200',
    '/api/v1/warnings?live=true&limit=50', '/api/v1/flood/terrains',
    `/api/v1/case-indicators?from=${today()}&to=${today()}`, '/api/v1/case-indicators?group=category',
    '/api/v1/case-indicators?group=department', `/api/v1/case-indicators?group=day&from=${daysAgo(6)}&to=${today()}`];
}

/** `api` with `paths` already asked: the first get() of each takes the answer in flight; later ones ask again. */
export function prefetchingApi(api, paths) {
  const pending = new Map(paths.map((path) => {
    const answer = api.get(path);
    answer.catch(() => {}); // a failure is reported when the screen takes the answer
    return [path, answer];
  }));
  return {
    ...api,
    get(path) {
      const answer = pending.get(path);
      if (!answer) return api.get(path);
      pending.delete(path);
      return answer;
    },
  };
}

/** The screen mode remembered on this browser: 'operator' (the console with actions) or 'big' (the wall). */
export function savedMode() {
  try {
    return localStorage.getItem(MODE_KEY) === 'big' ? 'big' : 'operator';
  } catch {
    return 'operator';
  }
}

function saveMode(mode) {
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch {
    // Storage may be disabled; the mode then lasts for this page only.
  }
}

/** Case colours by state group; overdue wins. Each passes 3:1 against the map's light fills with its dark ring. */
export const CASE_COLOURS = {
  overdue: '#B3261E',
  waiting: '#8E5A00',     // reported, accepted, filed, returned: the centre's move
  working: '#1F5FA8',     // dispatched, handling: the department's move
  checking: '#3B7A2A',    // fix_reported, verified: waiting for verification or closing
  shelved: '#5F6B7A',
};

const STATE_GROUP = {
  reported: 'waiting', accepted: 'waiting', filed: 'waiting', returned: 'waiting',
  dispatched: 'working', handling: 'working', fix_reported: 'checking', verified: 'checking', shelved: 'shelved',
};

/** GB/T 28592 colour names as the rainfall route sends them, as fills with dark text that passes 4.5:1. */
const RAIN_FILLS = { none: '#FFFFFF', green: '#A6D96A', blue: '#74ADD1', yellow: '#FEE08B', orange: '#FDAE61', red: '#D73027', purple: '#7B3294' };

/** Open-case shading of grids: 0, 1, 2–3, 4–7, 8+. */
const GRID_SHADES = ['#F7F7F7', '#FDD0A2', '#FDAE6B', '#F16913', '#A63603'];

export const OVERLAYS = ['caseGrids', 'cases', 'cameras', 'monitoring', 'rain', 'river', 'alarms', 'warnings', 'flood', 'intersections'];

/**
 * Groups points into clusters on a square pixel grid at the map's zoom: each cell of `cellPixels` holds one
 * cluster at the mean position of its points. `project(lon, lat)` gives pixel coordinates. Pure, for tests.
 */
export function clusterPoints(points, project, cellPixels = 56) {
  const cells = new Map();
  for (const point of points) {
    const { x, y } = project(point.lon, point.lat);
    const key = `${Math.floor(x / cellPixels)}:${Math.floor(y / cellPixels)}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { lon: 0, lat: 0, points: [], overdue: 0, groups: {} };
      cells.set(key, cell);
    }
    cell.lon += point.lon;
    cell.lat += point.lat;
    cell.points.push(point);
    if (point.overdue) cell.overdue += 1;
    const group = STATE_GROUP[point.state] ?? 'waiting';
    cell.groups[group] = (cell.groups[group] ?? 0) + 1;
  }
  return [...cells.values()].map((cell) => {
    const n = cell.points.length;
    const dominant = Object.entries(cell.groups).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'waiting';
    return { lon: cell.lon / n, lat: cell.lat / n, count: n, overdue: cell.overdue, points: cell.points,
      colour: cell.overdue > 0 ? CASE_COLOURS.overdue : CASE_COLOURS[dominant] };
  });
}

/** Rows of GET /api/v1/cases/map as objects. */
export function caseRows(answer) {
  const fields = answer?.fields ?? [];
  const index = Object.fromEntries(fields.map((name, i) => [name, i]));
  return (answer?.items ?? []).map((row) => ({
    id: row[index.id], lon: row[index.lon], lat: row[index.lat], state: row[index.state], overdue: row[index.overdue] === true,
    grid: row[index.grid], category: row[index.category], department: row[index.department],
  }));
}

function shadeFor(count) {
  if (!count) return GRID_SHADES[0];
  if (count === 1) return GRID_SHADES[1];
  if (count <= 3) return GRID_SHADES[2];
  if (count <= 7) return GRID_SHADES[3];
  return GRID_SHADES[4];
}

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

/**
 * Creates the screen on `mapHandle` (from createDistrictMap). `api` is the page's API client; `getRole()` the
 * signed-in role; `getToken()` for the stream. `hook` (window.cityhub) receives counters the browser tests read.
 */
export function createScreen({ api, refs, mapHandle, getRole, getToken, hook, onOpenCase }) {
  const L = window.L;
  const map = mapHandle.leafletMap;
  const renderer = mapHandle.renderer;
  const $ = (id) => document.getElementById(id);
  const layers = Object.fromEntries(OVERLAYS.map((name) => [name, L.layerGroup()]));
  const state = {
    cases: [], stations: new Map(), locations: new Map(), gauges: [], streamState: 'connecting', alarms: [], warnings: [], terrain: null, floodToken: 0,
    stream: null, timeline: [], charts: {}, rotateTimer: null, rotateIndex: 0, floodTimer: null, mode: 'operator', latest: {},
  };
  hook.screen = { casesOnMap: 0, clusters: 0, events: 0, lastEventSeq: null, flood: null, layers: {}, departments: [] };
  /** Centres the map on one case and opens its popup (the keyboard path to a case; tests use it too). */
  hook.screen.showCase = (id) => {
    const point = state.cases.find((item) => item.id === id);
    if (!point) return false;
    const latlng = L.latLng(point.lat, point.lon);
    map.setView(latlng, Math.max(map.getZoom(), 16));
    openCasePopup(point, latlng);
    return true;
  };

  // ---- layers --------------------------------------------------------------------------------------

  function setVisible(name, visible) {
    const layer = layers[name];
    if (!layer) return;
    if (visible) layer.addTo(map);
    else map.removeLayer(layer);
    hook.screen.layers[name] = visible;
    if (name === 'flood') $('flood-controls').hidden = !visible;
    if (visible && FEATURE_KINDS[name]) loadFeatures(name).catch(() => {});
    if (name === 'flood' && visible) scheduleFlood(0);
    if (name === 'intersections') intersections.setShown(visible);
  }

  function drawCases() {
    const group = layers.cases;
    group.clearLayers();
    const zoom = map.getZoom();
    const clusters = clusterPoints(state.cases, (lon, lat) => map.project([lat, lon], zoom));
    for (const cluster of clusters) {
      const single = cluster.count === 1;
      const marker = L.circleMarker([cluster.lat, cluster.lon], {
        renderer, radius: single ? 7 : Math.min(26, 10 + Math.log2(cluster.count) * 3),
        color: '#FFFFFF', weight: 2, fillColor: cluster.colour, fillOpacity: 0.92,
      });
      if (!single) {
        marker.bindTooltip(String(cluster.count), { permanent: true, direction: 'center', className: 'cluster-count' });
      }
      marker.on('click', (event) => {
        if (single) openCasePopup(cluster.points[0], event.latlng);
        else map.setView(event.latlng, Math.min(map.getMaxZoom(), zoom + 2));
      });
      group.addLayer(marker);
    }
    hook.screen.clusters = clusters.length;
    hook.screen.casesOnMap = state.cases.length;
    hook.screen.departments = [...new Set(state.cases.map((c) => c.department ?? ''))].sort();
  }

  /** The overdue cases as buttons (oldest number first, at most 10): the keyboard's way to a case on the map. */
  function fillOverdueList() {
    const list = $('screen-overdue');
    list.replaceChildren();
    const overdue = state.cases.filter((item) => item.overdue).slice(0, 10);
    for (const item of overdue) {
      const entry = el('li');
      const button = el('button', 'plain case-link', `${item.id} · ${categoryName(refs, item.category)}`);
      button.type = 'button';
      button.dataset.case = item.id;
      button.addEventListener('click', () => hook.screen.showCase(item.id));
      entry.append(button);
      list.append(entry);
    }
    if (!overdue.length) list.append(el('li', 'empty', t('overdueList.none')));
  }

  function drawCaseGrids() {
    const counts = new Map();
    for (const item of state.cases) if (item.grid) counts.set(item.grid, (counts.get(item.grid) ?? 0) + 1);
    const group = layers.caseGrids;
    group.clearLayers();
    group.addLayer(L.geoJSON(mapHandle.data.grids, {
      renderer, interactive: false,
      style: (feature) => ({ color: '#4A5360', weight: 0.5, fillOpacity: 0.75,
        fillColor: shadeFor(counts.get(feature.properties?.code) ?? 0) }),
    }));
  }

  function pointLayer(features, style, popup) {
    const group = L.layerGroup();
    for (const feature of features) {
      const [lon, lat] = feature.geometry?.coordinates ?? [];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const marker = L.circleMarker([lat, lon], { renderer, ...style(feature) });
      marker.on('click', (event) => L.popup().setLatLng(event.latlng).setContent(popup(feature)).openOn(map));
      group.addLayer(marker);
    }
    return group;
  }

  function fields(rows) {
    const list = el('dl', 'popup-fields');
    for (const [term, value] of rows) list.append(el('dt', '', term), el('dd', '', value));
    return list;
  }

  const intersections = createIntersections({ api, map, layer: layers.intersections, hook, el, fields });

  // ---- acting from the screen -----------------------------------------------------------------------

  async function openCasePopup(point, latlng) {
    const box = el('div', 'screen-popup');
    box.append(fields([[t('screen.case'), point.id], [t('screen.state'), t(`state.${point.state}`)],
      [t('filters.category'), categoryName(refs, point.category)],
      [t('cases.col.department'), departmentLabel(refs, point.department)],
      [t('screen.overdue'), point.overdue ? t('screen.yes') : t('screen.no')]]));
    const actions = el('div', 'popup-actions');
    const message = el('p', 'popup-message');
    message.setAttribute('role', 'status');
    box.append(actions, message);
    const open = el('button', 'secondary', t('screen.openCase'));
    open.type = 'button';
    open.addEventListener('click', () => onOpenCase(point.id));
    actions.append(open);
    L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(box).openOn(map);
    try {
      const detail = await api.get(`/api/v1/cases/${encodeURIComponent(point.id)}`);
      const record = detail.case ?? detail;
      const quick = [];
      if (detail.actions?.includes('accept')) quick.push(['accept', t('screen.accept'), {}]);
      if (detail.actions?.includes('file') && record.category) quick.push(['file', t('screen.file'), { category: record.category }]);
      if (detail.actions?.includes('dispatch') && record.suggestedDepartment) {
        quick.push(['dispatch', t('screen.dispatchTo', { department: departmentLabel(refs, record.suggestedDepartment) }),
          { department: record.suggestedDepartment }]);
      }
      if (detail.actions?.includes('verify')) quick.push(['verify', t('screen.verifyPassed'), { passed: true }]);
      if (detail.actions?.includes('close')) quick.push(['close', t('screen.close'), {}]);
      for (const [action, label, extra] of quick) {
        const button = el('button', 'primary', label);
        button.type = 'button';
        button.dataset.action = action;
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            const updated = await api.post(`/api/v1/cases/${encodeURIComponent(point.id)}/actions`,
              { action, version: record.version, ...extra });
            message.textContent = t('screen.done', { state: t(`state.${updated.state}`) });
            for (const other of actions.querySelectorAll('[data-action]')) other.remove();
            refreshCases();
          } catch (error) {
            message.textContent = error.message;
            button.disabled = false;
          }
        });
        actions.prepend(button);
      }
    } catch (error) {
      message.textContent = error.message;
    }
  }

  async function acknowledge(alarm, message, button) {
    button.disabled = true;
    try {
      await api.post(`/api/v1/telemetry/alarms/${encodeURIComponent(alarm.id)}/acknowledge`, {});
      message.textContent = t('screen.acknowledged');
      button.remove();
      loadAlarms();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  }

  // ---- loading --------------------------------------------------------------------------------------

  async function refreshCases() {
    const answer = await api.get('/api/v1/cases/map');
    state.cases = caseRows(answer);
    drawCases();
    drawCaseGrids();
    fillOverdueList();
    $('kpi-overdue').textContent = formatNumber(state.cases.filter((c) => c.overdue).length);
    $('kpi-open').textContent = formatNumber(state.cases.length);
  }

  /** Cameras and monitoring points (thousands of features) are fetched when their layer is first shown, not
   *  before the screen is ready: they are off by default. */
  const FEATURE_KINDS = { cameras: ['camera', 'screen.camera', { radius: 3, color: '#1D2A3A', weight: 1, fillColor: '#5B6B80', fillOpacity: 0.9 }],
    monitoring: ['monitoring_point', 'screen.monitoringPoint', { radius: 4, color: '#3D1D5C', weight: 1, fillColor: '#8E63B8', fillOpacity: 0.9 }] };
  const featuresLoaded = new Map();

  function loadFeatures(layer) {
    if (featuresLoaded.has(layer)) return featuresLoaded.get(layer);
    const [kind, label, style] = FEATURE_KINDS[layer];
    const loading = api.get(`/api/v1/geo/features?kind=${kind}`).then((answer) => {
      const popup = (feature) => fields([[t(label), localName(feature.properties?.name, feature.properties?.nameEn)],
        [t('screen.id'), feature.properties?.id ?? '—']]);
      layers[layer].clearLayers();
      layers[layer].addLayer(pointLayer(answer.features ?? [], () => style, popup));
      hook.screen.features = { ...(hook.screen.features ?? {}), [layer]: (answer.features ?? []).length };
    });
    loading.catch(() => featuresLoaded.delete(layer));
    featuresLoaded.set(layer, loading);
    return loading;
  }

  async function loadRain() {
    const answer = await api.get('/api/v1/telemetry/rainfall?window=24h');
    layers.rain.clearLayers();
    for (const gauge of answer.gauges ?? []) {
      const [lon, lat] = gauge.location ?? [];
      if (!Number.isFinite(lon)) continue;
      state.locations.set(gauge.station, [lon, lat]);
      const marker = L.circleMarker([lat, lon], { renderer, radius: 9, color: '#1D2A3A', weight: 1.5,
        fillColor: RAIN_FILLS[gauge.colour] ?? RAIN_FILLS.none, fillOpacity: 0.95 });
      marker.on('click', (event) => {
        L.popup().setLatLng(event.latlng).setContent(fields([
          [t('screen.rainGauge'), localName(gauge.name, gauge.nameEn)],
          [t('screen.rain24h'), `${formatNumber(gauge.millimetres)} mm`],
          [t('screen.grade'), currentLanguage() === 'en' ? gauge.gradeEn : gauge.gradeZh]])).openOn(map);
        chooseGauge(gauge.station);
      });
      layers.rain.addLayer(marker);
    }
    state.gauges = answer.gauges ?? [];
  }

  /** River gauges with their newest level, in one request (include=latest); the warning level is the station's. */
  async function loadRivers() {
    const answer = await api.get('/api/v1/telemetry/stations?kind=river_gauge&limit=200&include=latest');
    layers.river.clearLayers();
    state.latest = answer.latest ?? {};
    for (const station of answer.items ?? []) {
      state.stations.set(station.id, station);
      const [lon, lat] = station.location?.coordinates ?? [];
      if (!Number.isFinite(lon)) continue;
      state.locations.set(station.id, [lon, lat]);
      const level = (answer.latest?.[station.id] ?? []).find((r) => r.quantity === 'water_level')?.value ?? null;
      const warning = Number.isFinite(station.warningLevel) ? station.warningLevel : null;
      const above = level !== null && warning !== null && level >= warning;
      const marker = L.circleMarker([lat, lon], { renderer, radius: 10, color: '#0B2545', weight: above ? 4 : 2,
        fillColor: level === null ? '#C9CED6' : above ? '#B3261E' : '#2F6FA8', fillOpacity: 0.95, dashArray: above ? '4 3' : null });
      marker.on('click', (event) => {
        L.popup().setLatLng(event.latlng).setContent(fields([
          [t('screen.riverGauge'), localName(station.name, station.nameEn)],
          [t('screen.level'), level === null ? '—' : `${level.toFixed(2)} m`],
          [t('screen.warningLevel'), warning === null ? '—' : `${warning.toFixed(2)} m`]])).openOn(map);
        chooseGauge(station.id);
      });
      layers.river.addLayer(marker);
    }
  }

  async function loadAlarms() {
    const answer = await api.get('/api/v1/telemetry/alarms?limit=200');
    state.alarms = answer.items ?? [];
    layers.alarms.clearLayers();
    for (const alarm of state.alarms) {
      const [lon, lat] = state.locations.get(alarm.source) ?? [];
      if (!Number.isFinite(lon)) continue;
      const marker = L.circleMarker([lat, lon], { renderer, radius: 14, color: '#B3261E', weight: 3, fill: false });
      marker.on('click', (event) => {
        const box = el('div', 'screen-popup');
        box.append(fields([[t('screen.alarm'), alarm.reason ? localName(alarm.reason.zh, alarm.reason.en) : alarm.rule],
          [t('screen.severity'), String(alarm.severity)],
          [t('screen.acknowledgedLabel'), alarm.acknowledged ? t('screen.yes') : t('screen.no')]]));
        const message = el('p', 'popup-message');
        message.setAttribute('role', 'status');
        if (!alarm.acknowledged) {
          const button = el('button', 'primary', t('screen.acknowledge'));
          button.type = 'button';
          button.addEventListener('click', () => acknowledge(alarm, message, button));
          box.append(button);
        }
        box.append(message);
        L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
      });
      layers.alarms.addLayer(marker);
    }
    const list = $('screen-alarms');
    list.replaceChildren();
    for (const alarm of state.alarms.slice(0, 8)) {
      const item = el('li', alarm.acknowledged ? 'alarm acknowledged' : 'alarm');
      item.append(el('span', 'alarm-text', alarm.reason ? localName(alarm.reason.zh, alarm.reason.en) : alarm.rule));
      if (!alarm.acknowledged) {
        const message = el('span', 'popup-message');
        const button = el('button', 'secondary small', t('screen.acknowledge'));
        button.type = 'button';
        button.dataset.alarm = alarm.id;
        button.addEventListener('click', () => acknowledge(alarm, message, button));
        item.append(button, message);
      }
      list.append(item);
    }
    if (!state.alarms.length) list.append(el('li', 'empty', t('screen.noAlarms')));
  }

  async function loadWarnings() {
    const answer = await api.get('/api/v1/warnings?live=true&limit=50');
    state.warnings = answer.items ?? [];
    const shapes = drawWarnings({ items: state.warnings, layer: layers.warnings, list: $('screen-warnings'), map, renderer, el, fields });
    hook.screen.warnings = shapes.map((shape) => ({ id: shape.id, colour: shape.colour, polygons: shape.polygons.length,
      circles: shape.circles.length }));
  }

  // ---- flood what-if --------------------------------------------------------------------------------

  async function loadTerrain() {
    const answer = await api.get('/api/v1/flood/terrains');
    state.terrain = (answer.items ?? [])[0] ?? null;
    const slider = $('flood-level');
    if (!state.terrain) {
      $('flood-status').textContent = t('screen.noTerrain');
      slider.disabled = true;
      return;
    }
    const gaugeSelect = $('flood-gauge');
    gaugeSelect.replaceChildren();
    for (const reach of state.terrain.reaches ?? []) {
      const option = el('option', '', `${localName(reach.name, reach.nameEn)} · ${reach.gauge}`);
      option.value = reach.gauge;
      gaugeSelect.append(option);
    }
  }

  function floodQuery() {
    const mode = $('flood-mode').value;
    const terrain = state.terrain ? `&terrain=${encodeURIComponent(state.terrain.id)}` : '';
    if (mode === 'gauge' || mode === 'forecast') {
      return `${mode}=${encodeURIComponent($('flood-gauge').value)}${terrain}`;
    }
    return `level=${Number($('flood-level').value).toFixed(2)}${terrain}`;
  }

  /** Redraws the overlay: a typed level at once from the grid in memory (no request per step); a gauge reading or
   *  crest forecast after asking the hub for the level (it changes with time). */
  function scheduleFlood(delay = 120) {
    clearTimeout(state.floodTimer);
    $('flood-level-value').textContent = `${Number($('flood-level').value).toFixed(1)} m`;
    if ($('flood-mode').value === 'level' && flood.grid) drawFlood();
    else state.floodTimer = setTimeout(drawFlood, delay);
  }

  /** The terrain's first-flood grid and places' first-flood levels, fetched once per terrain. */
  const flood = { terrain: null, grid: null, places: [], loading: null, canvas: null, overlay: null };

  function loadFloodGrid() {
    const id = state.terrain.id;
    if (flood.terrain === id && flood.loading) return flood.loading;
    if (flood.overlay) layers.flood.removeLayer(flood.overlay);
    flood.overlay = null;
    flood.terrain = id;
    flood.grid = null;
    flood.loading = Promise.all([
      api.bytes(`/api/v1/flood/first-flood?terrain=${encodeURIComponent(id)}`),
      api.get(`/api/v1/flood/places?terrain=${encodeURIComponent(id)}`),
    ]).then(([buffer, places]) => {
      if (flood.terrain !== id) return;
      flood.grid = parseFirstFlood(buffer);
      flood.places = places.places ?? [];
    });
    flood.loading.catch(() => { flood.loading = null; });
    return flood.loading;
  }

  async function drawFlood() {
    if (!state.terrain || !map.hasLayer(layers.flood)) return;
    const token = ++state.floodToken;
    const started = performance.now();
    try {
      if (!flood.grid || flood.terrain !== state.terrain.id) {
        $('flood-status').textContent = t('screen.floodLoading');
        await loadFloodGrid();
      }
      let level = Number($('flood-level').value);
      if ($('flood-mode').value !== 'level') {
        const summary = await api.get(`/api/v1/flood/inundation?${floodQuery()}&format=json`);
        level = Number(summary.level);
      }
      if (token !== state.floodToken || !flood.grid) return;
      if (!flood.canvas) {
        flood.canvas = document.createElement('canvas');
        flood.canvas.className = 'flood-canvas';
        flood.canvas.setAttribute('aria-hidden', 'true');
      }
      const counts = drawInto(flood.canvas, flood.grid, level);
      if (!flood.overlay) {
        const [minLon, minLat, maxLon, maxLat] = state.terrain.bounds;
        flood.overlay = L.svgOverlay(flood.canvas, [[minLat, minLon], [maxLat, maxLon]], { opacity: 0.7, interactive: false });
      }
      if (!layers.flood.hasLayer(flood.overlay)) layers.flood.addLayer(flood.overlay);
      const places = placesAt(flood.places, level);
      $('flood-status').textContent = t('screen.floodSummary', {
        level: level.toFixed(2), area: formatNumber(Math.round(counts.areaSquareMetres / 10000)), places: places.length,
      });
      $('flood-count').textContent = String(places.length);
      const list = $('flood-places');
      list.replaceChildren();
      for (const place of places.slice(0, 40)) {
        list.append(el('li', '', t('screen.floodPlace', { name: localName(place.name, place.nameEn),
          depth: Number(place.maxDepth ?? 0).toFixed(2) })));
      }
      hook.screen.flood = { level: Math.round(level * 100) / 100, places: places.length, floodedCells: counts.floodedCells,
        ms: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      if (token === state.floodToken) $('flood-status').textContent = error.message;
    }
  }

  // ---- panels ---------------------------------------------------------------------------------------

  const percent = (rate) => (Number.isFinite(rate) ? `${Math.round(rate * 100)}%` : '—');

  async function loadIndicators() {
    await refs.ready;
    const [day, byCategory, byDepartment, trend] = await Promise.all([
      api.get(`/api/v1/case-indicators?from=${today()}&to=${today()}`),
      api.get('/api/v1/case-indicators?group=category'),
      api.get('/api/v1/case-indicators?group=department'),
      api.get(`/api/v1/case-indicators?group=day&from=${daysAgo(6)}&to=${today()}`),
    ]);
    const all = day.groups?.all ?? Object.values(day.groups ?? {})[0] ?? {};
    const set = (id, value) => { $(id).textContent = value; };
    set('kpi-filed', formatNumber(all.filed ?? 0));
    set('kpi-closed', formatNumber(all.closed ?? 0));
    set('kpi-ontime', percent(all.onTimeClosureRate));
    drawBar('chart-category', byCategory.groups, (v) => v.filed ?? 0, t('screen.chartFiled'), '#1F5FA8',
      (code) => categoryName(refs, code));
    drawBar('chart-department', byDepartment.groups, (v) => Math.round((v.onTimeClosureRate ?? 0) * 100), t('screen.chartOnTime'),
      '#3B7A2A', (id) => departmentLabel(refs, id));
    drawTrend(trend.groups ?? {});
  }

  function chartAvailable() {
    return typeof window.Chart === 'function';
  }

  function drawBar(canvasId, groups, value, label, colour, name) {
    if (!chartAvailable()) return;
    const entries = Object.entries(groups ?? {}).sort((a, b) => value(b[1]) - value(a[1])).slice(0, 10);
    state.charts[canvasId]?.destroy();
    state.charts[canvasId] = new window.Chart($(canvasId), {
      type: 'bar',
      data: { labels: entries.map(([key]) => name(key)), datasets: [{ label, data: entries.map(([, v]) => value(v)), backgroundColor: colour }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
  }

  function drawTrend(groups) {
    if (!chartAvailable()) return;
    const days = Array.from({ length: 7 }, (_, i) => daysAgo(6 - i));
    state.charts.trend?.destroy();
    state.charts.trend = new window.Chart($('chart-trend'), {
      type: 'line',
      data: { labels: days.map((d) => d.slice(5)), datasets: [
        { label: t('screen.chartFiled'), data: days.map((d) => groups[d]?.filed ?? 0), borderColor: '#1F5FA8', backgroundColor: '#1F5FA8' },
        { label: t('screen.chartClosed'), data: days.map((d) => groups[d]?.closed ?? 0), borderColor: '#3B7A2A', backgroundColor: '#3B7A2A' },
      ] },
      options: { animation: false, responsive: true, maintainAspectRatio: false },
    });
  }

  /** The gauge chart's choice: river gauges first (the flood's concern), then rain gauges; keeps the current one. */
  function fillGaugeChoice() {
    const select = $('gauge-choice');
    const chosen = select.value;
    select.replaceChildren();
    for (const gauge of state.gauges) {
      const option = el('option', '', localName(gauge.name, gauge.nameEn));
      option.value = gauge.station;
      select.append(option);
    }
    for (const station of [...state.stations.values()].reverse()) {
      const option = el('option', '', localName(station.name, station.nameEn));
      option.value = station.id;
      select.prepend(option);
    }
    if (chosen && [...select.options].some((option) => option.value === chosen)) select.value = chosen;
  }

  function chooseGauge(id) {
    const select = $('gauge-choice');
    if ([...select.options].some((option) => option.value === id)) {
      select.value = id;
      loadGaugeChart();
    }
  }

  async function loadGaugeChart() {
    const id = $('gauge-choice').value;
    if (!id || !chartAvailable()) return;
    const river = state.stations.has(id);
    const quantity = river ? 'water_level' : 'rainfall';
    const fn = river ? 'max' : 'sum';
    try {
      // The chart ends at the gauge's newest reading (a quiet gauge still shows its last flood), 72 hours long.
      const readings = state.latest?.[id] ?? (await api.get(`/api/v1/telemetry/stations/${encodeURIComponent(id)}/latest`)).readings;
      const newest = readings?.find((r) => r.quantity === quantity)?.time;
      const to = newest ? new Date(new Date(newest).getTime() + 3600000) : new Date();
      const from = new Date(to.getTime() - 72 * 3600000);
      const answer = await api.get(`/api/v1/telemetry/series?station=${encodeURIComponent(id)}&quantity=${quantity}`
        + `&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&period=1h&fn=${fn}`);
      const points = answer.buckets ?? [];
      const labels = points.map((p) => formatDateTime(p.start).slice(5));
      const values = points.map((p) => p.value ?? null);
      const datasets = [{ type: river ? 'line' : 'bar', label: river ? t('screen.level') : t('screen.rainHourly'),
        data: values, borderColor: '#1F5FA8', backgroundColor: '#74ADD1' }];
      const warning = state.stations.get(id)?.warningLevel;
      if (river && Number.isFinite(warning)) {
        datasets.push({ type: 'line', label: t('screen.warningLevel'), data: values.map(() => warning),
          borderColor: '#B3261E', borderDash: [6, 4], pointRadius: 0 });
      }
      state.charts.gauge?.destroy();
      state.charts.gauge = new window.Chart($('chart-gauge'), {
        data: { labels, datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
      $('gauge-status').textContent = points.length ? '' : t('screen.noReadings');
    } catch (error) {
      $('gauge-status').textContent = error.message;
    }
  }

  // ---- the live timeline ----------------------------------------------------------------------------

  function addToTimeline(event) {
    const list = $('screen-timeline');
    const item = el('li', 'timeline-event');
    item.dataset.seq = String(event.seq);
    item.dataset.kind = event.kind;
    const time = el('time', 'timeline-time', formatDateTime(event.at, { seconds: true }).slice(-8));
    time.dateTime = event.at;
    item.append(time, el('span', 'timeline-kind', labelFor('kind.', event.kind)),
      el('span', 'timeline-subject', event.subject));
    list.prepend(item);
    while (list.children.length > 60) list.lastElementChild.remove();
    hook.screen.events += 1;
    hook.screen.lastEventSeq = event.seq;
    if (event.kind.startsWith('case.')) scheduleCaseRefresh();
    if (event.kind.startsWith('alarm.')) loadAlarms().catch(() => {});
    if (event.kind.startsWith('warning.')) loadWarnings().catch(() => {});
    intersections.onEvent(event);
  }

  let caseRefreshTimer = null;
  function scheduleCaseRefresh() {
    clearTimeout(caseRefreshTimer);
    caseRefreshTimer = setTimeout(() => refreshCases().catch(() => {}), 1000);
  }

  function showStreamState() {
    $('stream-state').textContent = t(`screen.stream.${state.streamState}`);
    $('stream-state').dataset.state = state.streamState;
  }

  function startStream() {
    state.stream?.stop();
    state.stream = followEvents({
      getToken,
      getLanguage: currentLanguage,
      onEvent: addToTimeline,
      onState: (streamState) => {
        state.streamState = streamState;
        showStreamState();
      },
    });
  }

  // ---- modes ----------------------------------------------------------------------------------------

  /** The screen's mode: 'operator' (the interactive console: popups with actions, the filing form) or 'big'
   *  (the wall display: panels rotate every 15 s, no pointer needed, no actions). Remembered on this browser. */
  function setMode(mode, { remember = true } = {}) {
    const big = mode === 'big';
    state.mode = big ? 'big' : 'operator';
    if (remember) saveMode(state.mode);
    document.documentElement.classList.toggle('big-screen', big);
    document.documentElement.dataset.screenMode = state.mode;
    $('big-screen').setAttribute('aria-pressed', String(big));
    $('mode-operator').setAttribute('aria-pressed', String(!big));
    hook.screen.mode = state.mode;
    clearInterval(state.rotateTimer);
    const panels = [...document.querySelectorAll('.screen-panels .rotating')];
    for (const panel of panels) panel.classList.remove('rotated-out');
    if (big) map.closePopup();
    if (big && panels.length > 1) {
      const show = () => panels.forEach((panel, i) => panel.classList.toggle('rotated-out', i !== state.rotateIndex));
      show();
      state.rotateTimer = setInterval(() => {
        state.rotateIndex = (state.rotateIndex + 1) % panels.length;
        show();
      }, 15000);
    }
    setTimeout(() => map.invalidateSize(), 50);
  }

  /** Big-screen mode on or off (the older switch; the same as setMode). */
  function setBigScreen(on) {
    setMode(on ? 'big' : 'operator');
  }

  /** The filing form at a clicked point, in operator mode for the roles that may report. */
  function fileHere(point) {
    if (state.mode === 'big' || !FILING_ROLES.has(getRole())) return false;
    openFileForm({ api, refs, map, point, onFiled: () => refreshCases().catch(() => {}) });
    return true;
  }
  hook.screen.fileHere = fileHere;

  // ---- start ----------------------------------------------------------------------------------------

  async function start() {
    const started = performance.now();
    map.on('zoomend', drawCases);
    startStream();
    // Everything is asked at once: the cases (the largest answer) no longer hold the panels back.
    // Each part's finish time after start is kept for the benchmark (bench/screen.py prints them).
    const timings = {};
    const timed = (name, promise) => promise.catch(() => {}).finally(() => { timings[name] = Math.round(performance.now() - started); });
    const cases = refreshCases().then(() => {
      for (const input of document.querySelectorAll('[data-overlay]')) setVisible(input.dataset.overlay, input.checked);
      hook.screen.firstRenderMs = Math.round(performance.now() - started);
    });
    const stations = Promise.all([timed('rain', loadRain()), timed('rivers', loadRivers())]);
    await Promise.all([timed('cases', cases), timed('alarms', stations.then(loadAlarms)), timed('warnings', loadWarnings()),
      timed('terrain', loadTerrain()), timed('indicators', loadIndicators())]);
    await cases;
    hook.screen.timings = timings;
    const settle = (promise) => promise.catch(() => {});
    fillGaugeChoice();
    settle(loadGaugeChart());
    const asked = new URLSearchParams(window.location.search).get('mode');
    if (asked === 'big' || asked === 'operator') setMode(asked, { remember: false });
    else setMode(savedMode(), { remember: false });
    hook.screen.ready = true;
  }

  /** Re-renders what the screen wrote in words after the language changed. */
  function refreshLanguage() {
    map.closePopup();
    showStreamState();
    fillOverdueList();
    fillGaugeChoice();
    const settle = (promise) => promise.catch(() => {});
    settle(loadAlarms());
    settle(loadWarnings());
    settle(loadIndicators());
    settle(loadGaugeChart());
    if (map.hasLayer(layers.flood)) scheduleFlood(0);
    intersections.redraw();
  }

  return {
    start,
    setVisible,
    refreshLanguage,
    scheduleFlood,
    loadGaugeChart,
    setBigScreen,
    setMode,
    fileHere,
    stop() {
      state.stream?.stop();
      clearInterval(state.rotateTimer);
      clearTimeout(state.floodTimer);
      clearTimeout(caseRefreshTimer);
      intersections.stop();
      for (const chart of Object.values(state.charts)) chart?.destroy();
      state.floodToken += 1;
      flood.grid = null;
      flood.loading = null;
      map.off('zoomend', drawCases);
    },
    /** Intersections: stage, controller, police override and link, refreshed while shown (intersections.js). */
    intersectionsLayer: layers.intersections,
  };
}
