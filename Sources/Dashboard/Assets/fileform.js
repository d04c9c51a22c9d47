// Reporting a case from the one screen without leaving it: a click on the map (a grid's "report here") opens a
// small form in the popup — category, description, a photo, the clicked position — that goes through the same
// /api/v1/photos and /api/v1/reports as the report page, with the same permissions; the server's problems are
// shown as sent. The full report page stays one link away for addresses and several photos.

import { categoryGroups, describe } from './casedata.js';
import { el, fillSelect } from './dom.js';
import { t } from './i18n.js';

let formCount = 0;

/** Opens the form at `point` ({ lon, lat }) on `map`; `onFiled(record)` runs after the hub accepted the report. */
export function openFileForm({ api, refs, map, point, onFiled }) {
  const L = window.L;
  const n = ++formCount;
  const id = (name) => `file-${name}-${n}`;
  const category = el('select', { id: id('category'), required: true });
  fillSelect(category, [{ options: [{ value: '', text: t('report.choose') }] }, ...categoryGroups(refs)], false);
  const description = el('textarea', { id: id('description'), rows: 2, maxLength: 2000 });
  const photo = el('input', { id: id('photo'), type: 'file', accept: 'image/jpeg,image/png' });
  const message = el('p', { className: 'popup-message', attrs: { role: 'status', 'aria-live': 'polite' } });
  const submit = el('button', { type: 'submit', className: 'primary', text: t('fileForm.submit') });
  const full = el('a', { href: `#/report?lon=${point.lon}&lat=${point.lat}`, text: t('fileForm.fullForm') });
  const label = (control, key) => el('label', { htmlFor: control.id, text: t(key) });
  const form = el('form', { className: 'screen-file-form', noValidate: true, attrs: { 'aria-labelledby': id('heading') } },
    el('h3', { id: id('heading'), text: t('fileForm.heading') }),
    el('p', { className: 'hint', text: t('fileForm.position', { lon: point.lon.toFixed(6), lat: point.lat.toFixed(6) }) }),
    el('div', { className: 'field' }, label(category, 'report.category'), category),
    el('div', { className: 'field' }, label(description, 'report.description'), description),
    el('div', { className: 'field' }, label(photo, 'fileForm.photo'), photo),
    el('div', { className: 'popup-actions' }, submit, full),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = t('fileForm.sending');
    try {
      const body = { category: category.value || undefined, location: { lon: point.lon, lat: point.lat },
        description: description.value.trim() || undefined };
      const file = photo.files?.[0];
      if (file) {
        const uploaded = await api.upload('/api/v1/photos', file);
        body.photos = [{ sha256: uploaded.sha256 }];
      }
      const record = await api.post('/api/v1/reports', body);
      message.textContent = t('fileForm.done', { id: record.id });
      form.dataset.case = record.id;
      onFiled?.(record);
    } catch (error) {
      message.textContent = describe(error);
      submit.disabled = false;
    }
  });
  L.popup({ maxWidth: 380, minWidth: 300 }).setLatLng([point.lat, point.lon]).setContent(form).openOn(map);
  category.focus();
  return form;
}
