// The district map: grids coloured by street, street names, rivers and roads, drawn offline from the hub's
// GeoJSON with Leaflet's canvas renderer (no tile server). Leaflet is the global `L` from /vendor/leaflet/.

import { t, localName, formatNumber } from './i18n.js';

/** Paul Tol's "light" scheme: soft fills that stay distinguishable for colour-blind readers. */
const STREET_PALETTE = ['#77AADD', '#EE8866', '#EEDD88', '#FFAABB', '#99DDFF', '#44BB99', '#BBCC33', '#AAAA00', '#DDDDDD'];
const FALLBACK_FILL = '#CCCCCC';

const GRID_STYLE = { color: '#4A5360', weight: 0.6, opacity: 0.8, fillOpacity: 0.62 };
const SELECTED_GRID_STYLE = { color: '#111827', weight: 3, opacity: 1, fillOpacity: 0.8 };
const RIVER_STYLE = { color: '#2F6FA8', weight: 2, opacity: 1, fillColor: '#7FB3E0', fillOpacity: 0.9 };
const ROAD_STYLE = { color: '#6B6B6B', weight: 2.5, opacity: 0.95 };
const STREET_OUTLINE_STYLE = { color: '#2B3340', weight: 2, opacity: 0.9, fill: false };

/** True when Leaflet loaded (the hub serves it from Debian's libjs-leaflet). */
export function leafletAvailable() {
  return typeof window.L === 'object' && window.L !== null && typeof window.L.map === 'function';
}

/**
 * The streets shown in the legend, sorted by code, each with its fill colour. Streets come from the streets
 * collection; a street that only appears in the grids' properties is added from them.
 */
export function describeStreets(streetCollection, gridCollection) {
  const byCode = new Map();
  for (const feature of streetCollection?.features ?? []) {
    const p = feature.properties ?? {};
    if (p.code) byCode.set(p.code, { code: p.code, name: p.name, nameEn: p.nameEn, gridCount: p.gridCount ?? 0 });
  }
  const counted = new Map();
  for (const feature of gridCollection?.features ?? []) {
    const p = feature.properties ?? {};
    if (!p.street) continue;
    counted.set(p.street, (counted.get(p.street) ?? 0) + 1);
    if (!byCode.has(p.street)) {
      byCode.set(p.street, { code: p.street, name: p.streetName, nameEn: p.streetNameEn, gridCount: 0 });
    }
  }
  const streets = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  streets.forEach((street, index) => {
    street.colour = STREET_PALETTE[index % STREET_PALETTE.length];
    if (!street.gridCount) street.gridCount = counted.get(street.code) ?? 0;
  });
  return streets;
}

/**
 * Draws the district into `container`. `data` holds { district, grids, streets, rivers, roads } as sent by the
 * hub. Returns a handle; `gridsDrawn` is the number of grid polygons on the map, and `drawn` resolves once the
 * canvas has painted them. With `options.onReportHere({ lon, lat })`, a grid's popup offers "report a problem here".
 */
export function createDistrictMap(container, data, options = {}) {
  const L = window.L;
  const renderer = L.canvas({ padding: 0.4 });
  const map = L.map(container, {
    preferCanvas: true,
    renderer,
    zoomSnap: 0.25,
    minZoom: 10,
    maxZoom: 19,
    attributionControl: false,
  });

  const streets = describeStreets(data.streets, data.grids);
  const colourOf = new Map(streets.map((street) => [street.code, street.colour]));

  const rivers = L.geoJSON(data.rivers, { renderer, style: () => RIVER_STYLE });
  const grids = L.geoJSON(data.grids, {
    renderer,
    style: (feature) => ({ ...GRID_STYLE, fillColor: colourOf.get(feature.properties?.street) ?? FALLBACK_FILL }),
  });
  const roads = L.geoJSON(data.roads, { renderer, style: () => ROAD_STYLE });
  const streetLabels = buildStreetLayer(L, renderer, data.streets, data.grids, streets);

  const layers = { grids, streets: streetLabels.layer, rivers, roads };
  for (const name of ['rivers', 'grids', 'roads', 'streets']) layers[name].addTo(map);

  let selected = null;
  grids.on('click', (event) => {
    if (selected) grids.resetStyle(selected);
    selected = event.layer;
    selected.setStyle(SELECTED_GRID_STYLE);
    const content = gridPopup(selected.feature);
    if (options.onReportHere) content.append(reportHereButton(event.latlng, options.onReportHere));
    L.popup({ maxWidth: 360 }).setLatLng(event.latlng).setContent(content).openOn(map);
  });
  map.on('popupclose', () => {
    if (selected) grids.resetStyle(selected);
    selected = null;
  });
  for (const [layer, kindKey] of [[rivers, 'popup.river'], [roads, 'popup.road']]) {
    layer.on('click', (event) => {
      const p = event.layer.feature?.properties ?? {};
      L.popup().setLatLng(event.latlng).setContent(fieldList([[t(kindKey), localName(p.name, p.nameEn)]])).openOn(map);
    });
  }

  map.fitBounds(districtBounds(L, data.district, grids));
  const gridsDrawn = grids.getLayers().length;
  container.dataset.gridsDrawn = String(gridsDrawn);

  // The canvas renderer paints on the next animation frame; wait two frames so "drawn" means painted.
  const drawn = new Promise((resolve) => {
    map.whenReady(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(gridsDrawn))));
  });

  return {
    gridsDrawn,
    streets,
    drawn,
    /** The Leaflet map, its canvas renderer and the district data, for the one screen's overlay layers. */
    leafletMap: map,
    renderer,
    data,
    isVisible: (name) => map.hasLayer(layers[name]),
    setVisible(name, visible) {
      const layer = layers[name];
      if (!layer) return;
      if (visible) layer.addTo(map);
      else map.removeLayer(layer);
    },
    /** Re-labels what is drawn after the language changed. */
    refreshLanguage() {
      map.closePopup();
      streetLabels.relabel();
    },
    invalidateSize: () => map.invalidateSize(),
    /** Adds the configured tile server (GET /api/v1/map/settings) as the `tiles` base layer, below everything
     *  else and not shown until switched on: the district's own layers stay the default and need no network. */
    addTiles(source) {
      if (!source?.url || layers.tiles) return;
      layers.tiles = L.tileLayer(source.url, { attribution: source.attribution ?? '', maxZoom: source.maxZoom ?? 19, zIndex: 0 });
    },
    /** Fits the view to the district again (after the map was drawn while hidden). */
    fit: () => map.fitBounds(districtBounds(L, data.district, grids)),
    destroy: () => map.remove(),
  };
}

function districtBounds(L, district, gridLayer) {
  const bbox = district?.bbox;
  if (Array.isArray(bbox) && bbox.length === 4 && bbox.every(Number.isFinite)) {
    const [minLon, minLat, maxLon, maxLat] = bbox;
    return L.latLngBounds([minLat, minLon], [maxLat, maxLon]);
  }
  return gridLayer.getBounds();
}

/** Street outlines (where the hub sends a geometry) and one name label per street at the centre of its grids. */
function buildStreetLayer(L, renderer, streetCollection, gridCollection, streets) {
  const group = L.layerGroup();
  const outlines = (streetCollection?.features ?? []).filter((feature) => feature.geometry);
  if (outlines.length) {
    group.addLayer(L.geoJSON({ type: 'FeatureCollection', features: outlines }, { renderer, interactive: false, style: () => STREET_OUTLINE_STYLE }));
  }

  const centres = gridCentres(gridCollection);
  const geometryOf = new Map(outlines.map((feature) => [feature.properties?.code, feature]));
  const labels = [];
  for (const street of streets) {
    let centre = centres.get(street.code);
    if (!centre && geometryOf.has(street.code)) centre = L.geoJSON(geometryOf.get(street.code)).getBounds().getCenter();
    if (!centre) continue;
    const text = document.createElement('span');
    text.className = 'street-label-text';
    const icon = L.divIcon({ className: 'street-label', html: text, iconSize: null });
    group.addLayer(L.marker(centre, { icon, interactive: false, keyboard: false }));
    labels.push({ street, text });
  }
  const relabel = () => {
    for (const { street, text } of labels) text.textContent = localName(street.name, street.nameEn);
  };
  relabel();
  return { layer: group, relabel };
}

/** Area-weighted centre of each street's grids, from each grid's bounding-box centre (cheap and good enough for a label). */
function gridCentres(gridCollection) {
  const sums = new Map();
  for (const feature of gridCollection?.features ?? []) {
    const street = feature.properties?.street;
    const box = ringBox(feature.geometry);
    if (!street || !box) continue;
    const weight = Number(feature.properties?.areaSquareMetres) || 1;
    const sum = sums.get(street) ?? { lat: 0, lon: 0, weight: 0 };
    sum.lat += ((box.minLat + box.maxLat) / 2) * weight;
    sum.lon += ((box.minLon + box.maxLon) / 2) * weight;
    sum.weight += weight;
    sums.set(street, sum);
  }
  const centres = new Map();
  for (const [street, sum] of sums) centres.set(street, window.L.latLng(sum.lat / sum.weight, sum.lon / sum.weight));
  return centres;
}

function ringBox(geometry) {
  if (!geometry) return null;
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates.map((polygon) => polygon[0]) : [];
  let box = null;
  for (const ring of rings) {
    for (const [lon, lat] of ring ?? []) {
      if (!box) box = { minLon: lon, maxLon: lon, minLat: lat, maxLat: lat };
      box.minLon = Math.min(box.minLon, lon); box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat); box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/** The popup's "在此处上报问题" button: hands the clicked point (6 decimals, about 0.1 m) to the report form. */
function reportHereButton(latlng, onReportHere) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'primary popup-report';
  button.textContent = t('map.reportHere');
  const round = (value) => Math.round(value * 1e6) / 1e6;
  button.addEventListener('click', () => onReportHere({ lon: round(latlng.lng), lat: round(latlng.lat) }));
  return button;
}

function gridPopup(feature) {
  const p = feature?.properties ?? {};
  const rows = [
    [t('popup.grid'), p.code ?? '—'],
    [t('popup.street'), localName(p.streetName, p.streetNameEn)],
    [t('popup.community'), localName(p.communityName, p.communityNameEn)],
  ];
  const area = p.areaSquareMetres;
  if (typeof area === 'number' && Number.isFinite(area)) {
    rows.push([t('popup.area'), t('popup.areaValue', { value: formatNumber(Math.round(area)) })]);
  }
  const box = document.createElement('div');
  box.append(fieldList(rows));
  return box;
}

function fieldList(rows) {
  const list = document.createElement('dl');
  list.className = 'popup-fields';
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  return list;
}
