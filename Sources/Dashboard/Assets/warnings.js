// The warnings layer of the one screen, from GET /api/v1/warnings?live=true: each item is
// { warning: WarningRecord, live, alerts }; what is public is the record's issuedContent (else its content), whose
// areas carry CAP polygons ("lat,lon lat,lon …") and circles ("lat,lon radius-km").

import { localName, t } from './i18n.js';

/** Map colours per warning colour, each with a dark outline; the colour is also named in words. */
export const WARNING_COLOURS = { red: '#B3261E', orange: '#C45A00', yellow: '#9A7B00', blue: '#1F5FA8' };

function pairs(text) {
  return String(text ?? '').trim().split(/\s+/).map((pair) => pair.split(',').map(Number))
    .filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon));
}

/** What one list item draws: headline, colour, CAP areas as [lat, lon] rings and circles. Pure, for tests. */
export function warningShapes(item) {
  const record = item?.warning ?? {};
  const content = record.issuedContent ?? record.content ?? {};
  const polygons = [];
  const circles = [];
  for (const area of content.areas ?? []) {
    for (const polygon of area.polygons ?? []) {
      const ring = pairs(polygon);
      if (ring.length >= 4) polygons.push(ring);
    }
    for (const circle of area.circles ?? []) {
      const [centre, radius] = String(circle).trim().split(/\s+/);
      const [lat, lon] = (centre ?? '').split(',').map(Number);
      const km = Number(radius);
      if (Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(km)) circles.push({ lat, lon, radiusMetres: km * 1000 });
    }
  }
  return {
    id: record.id,
    headline: localName(content.zh?.headline, content.en?.headline) || localName(content.event, content.eventEn) || record.id,
    event: localName(content.event, content.eventEn),
    colour: content.colour ?? null,
    expires: content.expires ?? null,
    areaText: (content.areas ?? []).map((area) => localName(area.description, area.descriptionEn)).filter(Boolean).join('；'),
    polygons,
    circles,
  };
}

/** Draws the live warnings into `layer` and the side list; returns the shapes drawn. */
export function drawWarnings({ items, layer, list, map, renderer, el, fields }) {
  const L = window.L;
  layer.clearLayers();
  list.replaceChildren();
  const shapes = items.map(warningShapes);
  for (const shape of shapes) {
    const colour = WARNING_COLOURS[shape.colour] ?? '#5F6B7A';
    const colourName = shape.colour ? t(`warningColour.${shape.colour}`) : '';
    const item = el('li', 'warning');
    item.dataset.warning = shape.id ?? '';
    item.append(el('span', `warning-colour warning-${shape.colour ?? 'none'}`, colourName), ' ', el('span', 'warning-headline', shape.headline));
    list.append(item);
    const popup = () => fields([[t('screen.warning'), shape.headline], [t('screen.warningColour'), colourName || '—'],
      [t('screen.warningArea'), shape.areaText || '—'], [t('screen.warningExpires'), shape.expires ?? '—']]);
    const style = { renderer, color: colour, weight: 3, dashArray: '8 4', fillColor: colour, fillOpacity: 0.12 };
    for (const ring of shape.polygons) {
      const polygon = L.polygon(ring, style);
      polygon.on('click', (event) => L.popup().setLatLng(event.latlng).setContent(popup()).openOn(map));
      layer.addLayer(polygon);
    }
    for (const circle of shape.circles) {
      const drawn = L.circle([circle.lat, circle.lon], { ...style, radius: circle.radiusMetres });
      drawn.on('click', (event) => L.popup().setLatLng(event.latlng).setContent(popup()).openOn(map));
      layer.addLayer(drawn);
    }
  }
  if (!shapes.length) list.append(el('li', 'empty', t('screen.noWarnings')));
  return shapes;
}
