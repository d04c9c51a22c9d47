// The side panel and map notices: plain DOM built from state, re-run whenever the language changes.

import { formatNumber, localName, t } from './i18n.js';

/** The status line: the district's counts, then whether the map is loading or how many grids it shows. */
export function statusText(district, loading, map) {
  const parts = [];
  const counts = district?.counts;
  if (counts) {
    parts.push(t('status.counts', {
      streets: formatNumber(counts.streets),
      communities: formatNumber(counts.communities),
      grids: formatNumber(counts.grids),
    }));
  }
  if (loading) parts.push(t('status.loading'));
  else if (map) parts.push(t('status.drawn', { grids: formatNumber(map.gridsDrawn) }));
  return parts.join(' ');
}

/** Fills the legend list with one swatch, name and grid count per street of the drawn map. */
export function fillLegend(list, map) {
  list.replaceChildren();
  if (!map) return;
  if (!map.streets.length) {
    list.append(item(t('legend.empty')));
    return;
  }
  for (const street of map.streets) {
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.backgroundColor = street.colour;
    const row = item();
    row.append(swatch, span('legend-name', localName(street.name, street.nameEn)),
      span('legend-count', t('legend.gridCount', { grids: formatNumber(street.gridCount) })));
    list.append(row);
  }
}

/**
 * Shows why there is no map: { kind: 'leaflet' } (Leaflet not installed on the server) or
 * { kind: 'load', detail } (the GeoJSON could not be fetched; offers `retry`). Hides the notice for null.
 */
export function fillMapNotice(notice, problem, retry) {
  notice.replaceChildren();
  notice.hidden = !problem;
  if (!problem) {
    delete notice.dataset.problem;
    return;
  }
  if (problem.kind === 'leaflet') {
    // Shown in both languages: whoever reads it has to pass it on to the server's administrator.
    notice.dataset.problem = 'leaflet-missing';
    for (const lang of ['zh-CN', 'en']) {
      const line = document.createElement('p');
      line.lang = lang;
      line.textContent = t('map.leafletMissing', {}, lang);
      notice.append(line);
    }
    return;
  }
  notice.dataset.problem = 'load-failed';
  const line = document.createElement('p');
  line.textContent = t('map.loadFailed', { detail: problem.detail });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'primary';
  button.textContent = t('map.retry');
  button.addEventListener('click', retry);
  notice.append(line, button);
}

function item(text) {
  const element = document.createElement('li');
  if (text) element.textContent = text;
  return element;
}

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}
