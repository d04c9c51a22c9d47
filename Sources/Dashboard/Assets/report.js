// The report form (#/report): category, photos (uploaded to /api/v1/photos as soon as they are chosen; EXIF time
// and place are read by the server), location as longitude/latitude (filled from the photo or from a click on the
// map), address and description. The form does not second-guess the server: a missing field comes back as the
// server's MISSING_FIELDS problem and is shown as sent.

import { ApiError } from './api.js';
import { categoryGroups, describe, fillProblem, problemOf } from './casedata.js';
import { el, fillSelect } from './dom.js';
import { formatDateTime, localName, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

export function createReportForm({ api, refs, onCreated }) {
  const state = {
    uploads: [],     // { key, file, status: 'uploading'|'done'|'failed', result, error, previewUrl, promise }
    nextKey: 0,
    busy: false,
    problem: null,
    grid: null,      // { kind: 'locating'|'grid'|'none'|'photo', answer }
    generation: 0,
    locateGeneration: 0,
  };

  // ---- categories -------------------------------------------------------------------------------------

  function renderCategories() {
    fillSelect($('report-category'), [{ options: [{ value: '', text: t('report.choose') }] }, ...categoryGroups(refs)]);
  }

  // ---- photos -----------------------------------------------------------------------------------------

  function addFiles(files) {
    for (const file of files) {
      const upload = { key: state.nextKey++, file, status: 'uploading', result: null, error: null, previewUrl: URL.createObjectURL(file) };
      const generation = state.generation;
      upload.promise = api.upload('/api/v1/photos', file)
        .then((result) => {
          upload.status = 'done';
          upload.result = result;
          if (generation === state.generation) fillLocationFromPhoto(result);
        })
        .catch((error) => {
          upload.status = 'failed';
          upload.error = describe(error);
        })
        .finally(() => {
          if (generation === state.generation) renderUploads();
        });
      state.uploads.push(upload);
    }
    $('report-photos').value = '';
    renderUploads();
  }

  function removeUpload(key) {
    const upload = state.uploads.find((item) => item.key === key);
    if (!upload) return;
    URL.revokeObjectURL(upload.previewUrl);
    state.uploads = state.uploads.filter((item) => item !== upload);
    renderUploads();
    $('report-photos').focus();
  }

  function renderUploads() {
    const list = $('report-photo-list');
    list.replaceChildren();
    for (const upload of state.uploads) {
      let status;
      if (upload.status === 'uploading') status = t('photo.uploading');
      else if (upload.status === 'failed') status = t('photo.uploadFailed', { detail: upload.error });
      else {
        const exif = [];
        if (upload.result?.takenAt) exif.push(t('photo.exif', { time: formatDateTime(upload.result.takenAt) }));
        if (upload.result?.location) {
          exif.push(t('photo.exifPlace', { lon: round6(upload.result.location.lon), lat: round6(upload.result.location.lat) }));
        }
        status = `${t('photo.uploaded')} · ${exif.length ? exif.join(t('list.separator')) : t('photo.exifNone')}`;
      }
      const remove = el('button', {
        type: 'button',
        className: 'plain small',
        text: t('photo.remove'),
        attrs: { 'aria-label': t('photo.removeNamed', { name: upload.file.name }) },
      });
      remove.addEventListener('click', () => removeUpload(upload.key));
      list.append(el('li', { className: `upload upload-${upload.status}`, dataset: { status: upload.status, sha256: upload.result?.sha256 ?? '' } },
        el('img', { src: upload.previewUrl, alt: '', className: 'upload-thumb' }),
        el('div', { className: 'upload-text' },
          el('span', { className: 'upload-name', text: upload.file.name }),
          el('span', { className: 'upload-status', attrs: { role: upload.status === 'failed' ? 'alert' : 'status' }, text: status })),
        remove));
    }
  }

  function fillLocationFromPhoto(result) {
    const location = result?.location;
    if (!location || $('report-lon').value.trim() || $('report-lat').value.trim()) return;
    $('report-lon').value = String(round6(location.lon));
    $('report-lat').value = String(round6(location.lat));
    locate({ fromPhoto: true });
  }

  // ---- location ---------------------------------------------------------------------------------------

  function coordinates() {
    const lon = parseCoordinate($('report-lon').value);
    const lat = parseCoordinate($('report-lat').value);
    return lon === null || lat === null ? null : { lon, lat };
  }

  async function locate({ fromPhoto = false } = {}) {
    const generation = ++state.locateGeneration;
    const point = coordinates();
    if (!point) {
      state.grid = null;
      renderGrid();
      return;
    }
    state.grid = { kind: 'locating', fromPhoto };
    renderGrid();
    try {
      const answer = await api.get(`/api/v1/geo/locate?lon=${encodeURIComponent(point.lon)}&lat=${encodeURIComponent(point.lat)}`);
      if (generation !== state.locateGeneration) return;
      state.grid = answer?.grid ? { kind: 'grid', answer, fromPhoto } : { kind: 'none', fromPhoto };
    } catch (error) {
      if (generation !== state.locateGeneration) return;
      state.grid = error instanceof ApiError && error.status === 404 ? { kind: 'none', fromPhoto } : null;
    }
    renderGrid();
  }

  function renderGrid() {
    const line = $('report-grid');
    const grid = state.grid;
    line.dataset.grid = grid?.kind === 'grid' ? grid.answer.grid : '';
    line.classList.toggle('warning-text', grid?.kind === 'none');
    const parts = [];
    if (grid?.fromPhoto) parts.push(t('report.fromPhoto'));
    if (grid?.kind === 'locating') parts.push(t('report.locating'));
    if (grid?.kind === 'none') parts.push(t('report.noGrid'));
    if (grid?.kind === 'grid') {
      const a = grid.answer;
      parts.push(t('report.grid', { grid: a.grid, street: localName(a.streetName, a.streetNameEn) }));
    }
    line.textContent = parts.join(' ');
  }

  // ---- submit -----------------------------------------------------------------------------------------

  async function submit(event) {
    event.preventDefault();
    if (state.busy) return;
    const generation = state.generation;
    const button = $('report-submit');
    state.busy = true;
    state.problem = null;
    renderProblem();
    button.disabled = true;
    button.textContent = t('report.busy');
    $('report-form').dataset.busy = 'true';
    try {
      await Promise.all(state.uploads.map((upload) => upload.promise));
      const text = (id) => $(id).value.trim() || undefined;
      const body = {
        category: $('report-category').value || undefined,
        location: coordinates() ?? undefined,
        description: text('report-description'),
        address: text('report-address'),
        photos: state.uploads.filter((upload) => upload.status === 'done').map((upload) => ({ sha256: upload.result.sha256 })),
      };
      const created = await api.post('/api/v1/reports', body);
      if (generation !== state.generation) return;
      clearForm();
      onCreated(created);
    } catch (error) {
      if (generation !== state.generation) return;
      if (error instanceof ApiError && error.status === 401) return;
      state.problem = problemOf(error);
      renderProblem();
      $('report-error').focus?.();
    } finally {
      if (generation === state.generation) {
        state.busy = false;
        button.disabled = false;
        button.textContent = t('report.submit');
        delete $('report-form').dataset.busy;
      }
    }
  }

  function renderProblem() {
    fillProblem($('report-error'), state.problem);
  }

  function clearForm() {
    for (const upload of state.uploads) URL.revokeObjectURL(upload.previewUrl);
    state.uploads = [];
    state.problem = null;
    state.grid = null;
    for (const id of ['report-category', 'report-lon', 'report-lat', 'report-address', 'report-description', 'report-photos']) {
      $(id).value = '';
    }
    renderUploads();
    renderGrid();
    renderProblem();
  }

  $('report-form').addEventListener('submit', submit);
  $('report-photos').addEventListener('change', (event) => addFiles([...(event.target.files ?? [])]));
  for (const id of ['report-lon', 'report-lat']) $(id).addEventListener('change', () => locate());

  return {
    /** Opens the form; `point` ({ lon, lat }, e.g. from a click on the map) fills the location. */
    show(point = null) {
      renderCategories();
      refs.ready.then(() => renderCategories());
      if (point && Number.isFinite(point.lon) && Number.isFinite(point.lat)) {
        $('report-lon').value = String(point.lon);
        $('report-lat').value = String(point.lat);
        locate();
      }
    },
    refreshLanguage() {
      renderCategories();
      renderUploads();
      renderGrid();
      renderProblem();
      if (!state.busy) $('report-submit').textContent = t('report.submit');
    },
    reset() {
      state.generation += 1;
      state.locateGeneration += 1;
      state.busy = false;
      $('report-submit').disabled = false;
      delete $('report-form').dataset.busy;
      clearForm();
    },
  };
}

/** A coordinate to 6 decimals (about 0.1 m), without the binary noise of the EXIF rationals. */
const round6 = (value) => Math.round(Number(value) * 1e6) / 1e6;

/** A longitude or latitude typed by a person: "106.5556", " 106,5556 " or full-width digits; null when not a number. */
export function parseCoordinate(text) {
  const normalised = String(text ?? '')
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xFF10 + 48))
    .replace(/[，,。．]/g, '.')
    .replace(/[－]/g, '-');
  if (!normalised || !/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}
