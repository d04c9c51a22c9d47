// The intersections layer of the one screen: each signalised intersection with what runs it now (stage, mode,
// controller), a police override when one is in force, and whether its gateway is connected. Drawn from
// GET /api/v1/traffic/intersections; refreshed on the traffic slice's journal events (overrides, gateways,
// imports) and every POLL_MS while shown, since stage changes are gateway reports, not journal events.

import { t, formatDateTime } from './i18n.js';

export const POLL_MS = 5000;

/** A translated word, or `fallback` (the server's own word) when the table has none. */
function word(key, fallback) {
  const text = t(key);
  return text === key ? String(fallback ?? '') : text;
}

/** How one intersection reads on the map: a short label, a style class and a plain sentence. Pure, for tests. */
export function intersectionBadge(item) {
  if (item.override) {
    const kind = item.override.kind;
    const stage = Number.isInteger(item.override.stage) ? ` ${item.override.stage + 1}` : '';
    return { kind: 'override', label: `${t('ix.badge.override')} ${word(`ix.override.${kind}`, kind)}${stage}`.trim() };
  }
  if (item.link === 'offline') return { kind: 'offline', label: t('ix.badge.offline') };
  if (!item.live) return { kind: 'unknown', label: t('ix.badge.noLive') };
  const stage = `${t('ix.stage')} ${item.live.stage + 1}${item.live.transition ? ` ${t('ix.transition')}` : ''}`;
  const controller = item.live.controller ?? '';
  return { kind: controller === 'fixed' ? 'running' : 'adaptive',
    label: `${stage} · ${word(`ix.controller.${controller}`, controller)}` };
}

/**
 * Creates the layer's loader. `layer` is the Leaflet layer group; `hook` receives { count, badges } for the
 * browser tests; `el(tag, className, text)` and `fields(rows)` are the screen's DOM helpers.
 */
export function createIntersections({ api, map, layer, hook, el, fields }) {
  const L = window.L;
  let timer = null;
  let items = [];

  function draw() {
    layer.clearLayers();
    const badges = {};
    for (const item of items) {
      // GeoPoint as the traffic API writes it ({lon, lat}); a GeoJSON Point is read too.
      const [lon, lat] = item.location?.coordinates ?? [item.location?.lon, item.location?.lat];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const badge = intersectionBadge(item);
      badges[item.id] = badge;
      // Shape and words as well as colour: an override has a thick dashed frame and says 警 / Police.
      // An element, not an HTML string: server text stays text (as map.js's street labels).
      const box = el('span', `ix-marker ix-${badge.kind}`);
      box.dataset.intersection = item.id;
      box.append(el('span', 'ix-name', item.name ?? item.id), ' ', el('span', 'ix-state', badge.label));
      const icon = L.divIcon({ className: 'ix-marker-box', iconSize: null, html: box });
      const marker = L.marker([lat, lon], { icon, keyboard: true, title: `${item.name ?? item.id}: ${badge.label}`, alt: item.name ?? item.id });
      marker.on('click', (event) => openPopup(item, event.latlng));
      layer.addLayer(marker);
    }
    hook.screen.intersections = { count: Object.keys(badges).length, badges };
  }

  async function openPopup(item, latlng) {
    const box = el('div', 'screen-popup');
    const badge = intersectionBadge(item);
    const rows = [[t('ix.name'), item.name ?? item.id], [t('ix.id'), item.id], [t('ix.state'), badge.label],
      [t('ix.link'), word(`ix.link.${item.link}`, item.link)]];
    if (item.live) {
      rows.push([t('ix.controllerLabel'), word(`ix.controller.${item.live.controller}`, item.live.controller)],
        [t('ix.mode'), item.live.mode], [t('ix.reportedAt'), formatDateTime(item.live.reportedAt, { seconds: true })]);
    }
    if (item.override) {
      rows.push([t('ix.overrideReason'), item.override.reason], [t('ix.overrideBy'), item.override.setBy],
        [t('ix.overrideUntil'), formatDateTime(item.override.expiresAt)]);
    }
    box.append(fields(rows));
    L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(box).openOn(map);
    try {
      const detail = await api.get(`/api/v1/traffic/intersections/${encodeURIComponent(item.id)}`);
      const stage = item.live ? detail.intersection?.stages?.[item.live.stage] : null;
      if (stage?.name) box.append(fields([[t('ix.stageName'), stage.name]]));
      if (detail.suspended?.length) box.append(fields([[t('ix.suspended'), String(detail.suspended.length)]]));
    } catch (error) {
      box.append(el('p', 'popup-message', error.message));
    }
  }

  async function load() {
    const answer = await api.get('/api/v1/traffic/intersections');
    items = answer.items ?? [];
    draw();
  }

  /** Starts polling while the layer is shown; stops when hidden. */
  function setShown(shown) {
    clearInterval(timer);
    timer = null;
    if (!shown) return;
    load().catch(() => {});
    timer = setInterval(() => load().catch(() => {}), POLL_MS);
  }

  return {
    load,
    setShown,
    /** A journal event arrived: traffic events change overrides, links or the intersections themselves. */
    onEvent(event) {
      if (timer && event.kind.startsWith('traffic.')) load().catch(() => {});
    },
    redraw: draw,
    stop() {
      clearInterval(timer);
      timer = null;
    },
  };
}
