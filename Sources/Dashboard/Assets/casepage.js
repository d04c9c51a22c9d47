// One case (#/cases/{id}): its facts and deadline, the actions the server says the caller may take now (each
// with the inputs it needs), the before and after photos side by side, and the timeline. After every action the
// case is fetched again, so the version, the state and the list of actions always come from the server.

import { ApiError } from './api.js';
import {
  categoryGroups, categoryLabel, departmentGroups, departmentLabel, describe, dueStatus, fillProblem, isFinished, problemOf,
} from './casedata.js';
import { el, field, fillSelect } from './dom.js';
import { formatDateTime, hasText, labelFor, localName, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

/** Actions on the loop's main path are shown open; the others are folded under "其他操作". */
const PRIMARY = new Set(['accept', 'file', 'dispatch', 'start', 'report_fixed', 'verify', 'close', 'decide_extension', 'unshelve']);
/** Actions whose button is drawn as a warning (they stop or send back the case). */
const DANGER = new Set(['reject', 'return', 'shelve']);
/** Payload members shown under a timeline entry, in this order. */
const PAYLOAD_SHOWN = ['department', 'category', 'from', 'suggestedDepartment', 'into', 'until', 'dueAt', 'stage', 'reason',
  'note', 'duplicateCandidates', 'camera', 'confidence', 'action'];
const PHOTO_COLUMNS = [['report', 'photo.before'], ['fix', 'photo.after'], ['verify', 'photo.verify']];

export function createCasePage({ api, refs, getUser }) {
  const state = {
    id: null,
    detail: null,
    timeline: [],
    /** Journal actor → display name, as the server resolved them. */
    actors: {},
    timelineError: null,
    loading: false,
    loadError: null,
    notice: null,        // { key, params } shown in the status line
    alert: null,         // { key, params, detail } shown in the page's alert box
    busy: null,          // the action being submitted
    problems: new Map(), // action -> { text, code, fields, reasons }
    photoUrls: new Map(), // sha256 -> blob: URL | 'failed'
    relabels: [],        // per-form functions that re-translate dynamic labels and options
    generation: 0,
  };
  const view = $('case-view');

  // ---- loading ----------------------------------------------------------------------------------------

  async function load() {
    const generation = ++state.generation;
    const id = state.id;
    state.loading = true;
    state.loadError = null;
    view.dataset.loading = 'true';
    renderStatus();
    try {
      const path = `/api/v1/cases/${encodeURIComponent(id)}`;
      const [detail, timeline] = await Promise.all([
        api.get(path),
        api.get(`${path}/timeline`).catch((error) => ({ error })),
        refs.ready,
      ]);
      if (generation !== state.generation) return;
      state.detail = detail;
      state.timeline = timeline?.items ?? [];
      state.actors = { ...(detail.actors ?? {}), ...(timeline?.actors ?? {}) };
      state.timelineError = timeline?.error ? describe(timeline.error) : null;
      state.problems.clear();
    } catch (error) {
      if (generation !== state.generation) return;
      if (error instanceof ApiError && error.status === 401) return;
      state.detail = null;
      state.loadError = describe(error);
    }
    state.loading = false;
    view.dataset.loading = 'false';
    renderAll();
    loadPhotos(generation);
  }

  function loadPhotos(generation) {
    for (const photo of state.detail?.photos ?? []) {
      if (state.photoUrls.has(photo.sha256)) continue;
      state.photoUrls.set(photo.sha256, null);
      api.blob(`/api/v1/photos/${encodeURIComponent(photo.sha256)}/content`)
        .then((blob) => URL.createObjectURL(blob))
        .catch(() => 'failed')
        .then((url) => {
          if (generation !== state.generation && !state.photoUrls.has(photo.sha256)) {
            if (url !== 'failed') URL.revokeObjectURL(url);
            return;
          }
          state.photoUrls.set(photo.sha256, url);
          renderPhotos();
        });
    }
  }

  function forgetPhotos() {
    for (const url of state.photoUrls.values()) if (url && url !== 'failed') URL.revokeObjectURL(url);
    state.photoUrls.clear();
  }

  // ---- rendering --------------------------------------------------------------------------------------

  function renderAll() {
    const record = state.detail?.case;
    view.dataset.caseId = state.id ?? '';
    view.dataset.version = record ? String(record.version) : '';
    view.dataset.state = record?.state ?? '';
    $('case-body').hidden = !record;
    renderHeading();
    renderStatus();
    renderFacts();
    renderActions();
    renderPhotos();
    renderTimeline();
  }

  function renderHeading() {
    const record = state.detail?.case;
    $('case-heading').textContent = state.id ? t('case.heading', { id: state.id }) : t('case.headingEmpty');
    const badge = $('case-state');
    badge.hidden = !record;
    badge.dataset.state = record?.state ?? '';
    badge.textContent = record ? labelFor('state.', record.state) : '';
  }

  function renderStatus() {
    let text = '';
    if (state.loading) text = t('case.loading');
    else if (state.notice) text = t(state.notice.key, state.notice.params);
    $('case-status').textContent = text;

    const box = $('case-error');
    box.replaceChildren();
    const alert = state.loadError ? { text: t('case.loadFailed', { detail: state.loadError }) }
      : state.alert ? { text: t(state.alert.key, state.alert.params), detail: state.alert.detail } : null;
    box.hidden = !alert || state.loading;
    if (!alert) return;
    box.append(el('p', { text: alert.text }));
    if (alert.detail) box.append(el('p', { className: 'server-detail', text: alert.detail }));
    if (state.loadError) {
      const retry = el('button', { type: 'button', className: 'plain', text: t('case.reload') });
      retry.addEventListener('click', () => load());
      box.append(retry);
    }
  }

  function renderFacts() {
    const list = $('case-facts');
    list.replaceChildren();
    const record = state.detail?.case;
    if (!record) return;
    const category = refs.categoryByCode.get(record.category);
    const due = dueStatus(record);
    const rows = [
      ['fact.category', categoryLabel(refs, record.category)],
      ['fact.description', record.description || t('none')],
      record.address ? ['fact.address', record.address] : null,
      ['fact.location', record.location ? `${fixed(record.location.lon)}, ${fixed(record.location.lat)}` : t('none')],
      ['fact.grid', record.grid || t('none')],
      ['fact.source', labelFor('source.', record.source)],
      ['fact.reportedAt', formatDateTime(record.reportedAt)],
      ['fact.reporter', actorLabel(record.reporter)],
      record.awaitingReview ? ['fact.review', t('fact.reviewValue'), 'warning'] : null,
      typeof record.confidence === 'number' ? ['fact.confidence', `${Math.round(record.confidence * 100)}%`] : null,
      ['fact.stage', record.stage && !isFinished(record.state) ? labelFor('stage.', record.stage) : t('none')],
      ['fact.dueAt', due.text, `due due-${due.kind}`, 'case-due'],
      record.handleDueAt ? ['fact.handleDueAt', formatDateTime(record.handleDueAt)] : null,
      ['fact.suggested', departmentLabel(refs, record.suggestedDepartment), null, 'case-suggested'],
      ['fact.department', departmentLabel(refs, record.department), null, 'case-department'],
      record.closedAt ? ['fact.closedAt', formatDateTime(record.closedAt)] : null,
      ['fact.counts', t('fact.countsValue', { returns: record.returnCount ?? 0, rework: record.reworkCount ?? 0 })],
      record.duplicateCandidates?.length ? ['fact.duplicates', duplicateLinks(record.duplicateCandidates), 'warning'] : null,
      category?.filingConditions ? ['fact.filing', localName(category.filingConditions.zh, category.filingConditions.en)] : null,
      category?.closingConditions ? ['fact.closing', localName(category.closingConditions.zh, category.closingConditions.en)] : null,
    ];
    for (const entry of rows) {
      if (!entry) continue;
      const [key, value, className, id] = entry;
      list.append(el('div', { className: `fact ${className ?? ''}`.trim() },
        el('dt', { text: t(key) }),
        el('dd', { id }, value)));
    }
  }

  function duplicateLinks(candidates) {
    return el('ul', { className: 'plain-list' }, candidates.map((candidate) => el('li', {},
      el('a', { href: `#/cases/${encodeURIComponent(candidate.caseID)}`, text: candidate.caseID }),
      t('fact.duplicateItem', { metres: Math.round(candidate.distanceMetres ?? 0), hours: round1(candidate.hoursApart ?? 0) }))));
  }

  // ---- actions ----------------------------------------------------------------------------------------

  function renderActions() {
    const box = $('case-actions');
    box.replaceChildren();
    state.relabels = [];
    const record = state.detail?.case;
    if (!record) return;
    const names = state.detail.actions ?? [];
    box.dataset.actions = names.join(' ');
    if (!names.length) {
      box.append(el('p', { className: 'hint', i18n: 'case.noActions', text: t('case.noActions') }));
      return;
    }
    const primary = names.filter((name) => PRIMARY.has(name));
    const secondary = names.filter((name) => !PRIMARY.has(name));
    for (const name of primary) box.append(actionForm(name, record));
    for (const name of secondary) {
      const details = el('details', { className: 'more-action', id: `more-${name}`, open: primary.length === 0 },
        el('summary', { i18n: `action.${name}`, text: t(`action.${name}`) }),
        actionForm(name, record, { inDetails: true }));
      box.append(details);
    }
  }

  /** The form of one action: its inputs, a place for the server's problem, and the submit button. */
  function actionForm(name, record, { inDetails = false } = {}) {
    const id = (suffix) => `action-${name}-${suffix}`;
    const form = el('form', { className: 'action-form', id: `action-${name}`, noValidate: true, dataset: { action: name } });
    if (!inDetails) form.append(el('h4', { i18n: `action.${name}`, text: t(`action.${name}`) }));
    if (hasText(`help.${name}`)) form.append(el('p', { className: 'hint', i18n: `help.${name}`, text: t(`help.${name}`) }));

    const inputs = buildInputs(name, record, id);
    form.append(...inputs.nodes);
    const problem = el('div', { className: 'form-error', id: id('error'), attrs: { role: 'alert' }, hidden: true });
    const submit = el('button', {
      type: 'submit',
      id: id('submit'),
      className: DANGER.has(name) ? 'danger' : 'primary',
      i18n: `action.${name}`,
      text: t(`action.${name}`),
    });
    form.append(problem, el('div', { className: 'form-buttons' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      perform(name, inputs.collect);
    });
    if (inputs.relabel) state.relabels.push(inputs.relabel);
    state.relabels.push(() => renderProblem(name));
    return form;
  }

  /** The inputs of an action: { nodes, collect(progress) -> body members, relabel? }. */
  function buildInputs(name, record, id) {
    const reason = () => textArea(id('reason'), 'input.reason');
    const note = () => textArea(id('note'), 'input.note');
    switch (name) {
      case 'reject':
      case 'return':
      case 'shelve':
      case 'reopen': {
        const r = reason();
        return { nodes: [r.node], collect: async () => ({ reason: r.control.value.trim() }) };
      }
      case 'file':
      case 'recategorise': {
        const select = el('select', { id: id('category') });
        const conditions = el('p', { className: 'hint', id: id('conditions') });
        const fill = () => {
          fillSelect(select, categoryGroups(refs));
          const category = refs.categoryByCode.get(select.value);
          conditions.textContent = category?.filingConditions
            ? `${t('fact.filing')}：${localName(category.filingConditions.zh, category.filingConditions.en)}` : '';
        };
        fill();
        if (record.category) select.value = record.category;
        fill();
        select.addEventListener('change', fill);
        const nodes = [field(t('input.category'), select, { labelKey: 'input.category' }), conditions];
        const r = name === 'recategorise' ? reason() : null;
        if (r) nodes.push(r.node);
        return {
          nodes,
          collect: async () => ({ category: select.value || undefined, ...(r ? { reason: r.control.value.trim() } : {}) }),
          relabel: fill,
        };
      }
      case 'dispatch': {
        const suggested = record.suggestedDepartment;
        const select = el('select', { id: id('department') });
        const r = textArea(id('reason'), 'input.overrideReason');
        const update = () => {
          fillSelect(select, departmentGroups(refs, suggested));
          const override = Boolean(suggested) && select.value !== suggested;
          r.label.textContent = t(override ? 'input.overrideReasonRequired' : 'input.overrideReason');
          r.control.required = override;
          r.control.setAttribute('aria-required', String(override));
        };
        update();
        if (suggested && refs.departmentById.has(suggested)) select.value = suggested;
        update();
        select.addEventListener('change', update);
        delete r.label.dataset.i18n; // the label depends on the choice; `update` re-translates it
        return {
          nodes: [field(t('input.department'), select, { labelKey: 'input.department' }), r.node],
          collect: async () => {
            const text = r.control.value.trim();
            return { department: select.value || undefined, ...(text ? { reason: text } : {}) };
          },
          relabel: update,
        };
      }
      case 'report_fixed': {
        const input = el('input', { id: id('photo'), type: 'file', accept: 'image/jpeg,image/png,image/webp' });
        const preview = el('img', { className: 'upload-preview', id: id('preview'), alt: '', hidden: true });
        let previewUrl = null;
        input.addEventListener('change', () => {
          if (previewUrl) URL.revokeObjectURL(previewUrl);
          const file = input.files?.[0];
          previewUrl = file ? URL.createObjectURL(file) : null;
          preview.hidden = !previewUrl;
          if (previewUrl) {
            preview.src = previewUrl;
            preview.alt = t('photo.preview');
          }
        });
        const n = note();
        return {
          nodes: [field(t('input.photo'), input, { labelKey: 'input.photo' }), preview, n.node],
          collect: async (progress) => {
            const file = input.files?.[0];
            const body = { note: n.control.value.trim() || undefined };
            if (!file) return body;
            progress(t('action.uploading'));
            const photo = await api.upload('/api/v1/photos', file);
            return { ...body, photo: { sha256: photo.sha256 } };
          },
        };
      }
      case 'verify':
      case 'decide_extension': {
        const [yesKey, noKey, legendKey, member] = name === 'verify'
          ? ['input.passed', 'input.failed', 'input.result', 'passed']
          : ['input.approved', 'input.denied', 'input.decision', 'approved'];
        const yes = radio(id('passed'), `${name}-result`, yesKey);
        const no = radio(id('failed'), `${name}-result`, noKey);
        const group = el('fieldset', { className: 'radio-group' },
          el('legend', { i18n: legendKey, text: t(legendKey) }), yes.node, no.node);
        const n = note();
        return {
          nodes: [group, n.node],
          collect: async () => {
            const body = { note: n.control.value.trim() };
            if (yes.control.checked) body[member] = true;
            else if (no.control.checked) body[member] = false;
            return body;
          },
        };
      }
      case 'close': {
        const n = note();
        return { nodes: [n.node], collect: async () => ({ note: n.control.value.trim() }) };
      }
      case 'request_extension': {
        const until = el('input', { id: id('until'), type: 'datetime-local' });
        const r = reason();
        return {
          nodes: [field(t('input.until'), until, { labelKey: 'input.until' }), r.node],
          collect: async () => ({
            until: until.value ? `${until.value.length === 16 ? `${until.value}:00` : until.value}+08:00` : undefined,
            reason: r.control.value.trim(),
          }),
        };
      }
      case 'merge': {
        const into = el('input', { id: id('into'), type: 'text', autocomplete: 'off', spellcheck: false, placeholder: '20261125-000001' });
        return {
          nodes: [field(t('input.into'), into, { labelKey: 'input.into' })],
          collect: async () => ({ into: into.value.trim() || undefined }),
        };
      }
      default:
        return { nodes: [], collect: async () => ({}) };
    }
  }

  async function perform(name, collect) {
    if (state.busy || !state.detail) return;
    const generation = state.generation;
    const form = $(`action-${name}`);
    const submit = $(`action-${name}-submit`);
    state.busy = name;
    view.dataset.busy = name;
    state.problems.delete(name);
    renderProblem(name);
    setButtonsDisabled(true);
    submit.textContent = t('action.busy');
    try {
      const extra = await collect((text) => { submit.textContent = text; });
      submit.textContent = t('action.busy');
      const body = { action: name, version: state.detail.case.version, ...extra };
      await api.post(`/api/v1/cases/${encodeURIComponent(state.id)}/actions`, body);
      if (generation !== state.generation) return;
      state.notice = { key: 'action.done', params: { action: t(`action.${name}`) } };
      state.alert = null;
      await load();
      $('case-heading').focus();
    } catch (error) {
      if (generation !== state.generation) return;
      if (error instanceof ApiError && error.status === 401) return;
      if (error instanceof ApiError && error.status === 409) {
        // STALE_VERSION or INVALID_TRANSITION: the case moved on; show the current one.
        state.notice = null;
        state.alert = { key: error.code === 'STALE_VERSION' ? 'action.stale' : 'action.notAllowed',
          params: { action: t(`action.${name}`) }, detail: error.message };
        await load();
        $('case-error').focus?.();
        return;
      }
      state.problems.set(name, problemOf(error));
      renderProblem(name);
      form?.querySelector('.form-error')?.scrollIntoView?.({ block: 'nearest' });
    } finally {
      if (state.busy === name) {
        state.busy = null;
        delete view.dataset.busy;
        setButtonsDisabled(false);
        if (submit.isConnected) submit.textContent = t(`action.${name}`);
      }
    }
  }

  function setButtonsDisabled(disabled) {
    for (const button of $('case-actions').querySelectorAll('button[type="submit"]')) button.disabled = disabled;
  }

  /** Shows (or clears) the server's problem next to the action's form: its detail, then its fields or reasons. */
  function renderProblem(name) {
    const box = $(`action-${name}-error`);
    if (box) fillProblem(box, state.problems.get(name));
  }

  // ---- photos and timeline ----------------------------------------------------------------------------

  function renderPhotos() {
    const box = $('case-photos');
    box.replaceChildren();
    const photos = state.detail?.photos ?? [];
    for (const [purpose, key] of PHOTO_COLUMNS) {
      const mine = photos.filter((photo) => photo.purpose === purpose);
      if (purpose === 'verify' && !mine.length) continue;
      const column = el('div', { className: 'photo-column', id: `photos-${purpose}`, dataset: { purpose, count: String(mine.length) } },
        el('h4', { text: t(key) }));
      if (!mine.length) column.append(el('p', { className: 'photo-empty', text: t('photo.none') }));
      mine.forEach((photo, index) => column.append(photoFigure(photo, t(key), index + 1)));
      box.append(column);
    }
  }

  function photoFigure(photo, purposeText, n) {
    const url = state.photoUrls.get(photo.sha256);
    const frame = el('div', { className: 'photo-frame' });
    if (url && url !== 'failed') {
      const image = el('img', { src: url, alt: t('photo.alt', { purpose: purposeText, n }), dataset: { sha256: photo.sha256 } });
      image.addEventListener('load', () => { image.dataset.loaded = 'true'; });
      frame.append(image);
    } else {
      frame.append(el('p', { className: 'photo-placeholder', text: url === 'failed' ? t('photo.loadFailed') : t('case.loading') }));
    }
    const when = photo.takenAt ? t('photo.takenAt', { time: formatDateTime(photo.takenAt) }) : t('photo.noTime');
    const where = photo.location ? ` · ${fixed(photo.location.lon)}, ${fixed(photo.location.lat)}` : '';
    return el('figure', { className: 'photo', dataset: { sha256: photo.sha256, purpose: photo.purpose } }, frame,
      el('figcaption', {}, `${when}${where}`, el('br'), labelFor('photo.origin.', photo.origin ?? 'none')));
  }

  function renderTimeline() {
    const list = $('case-timeline');
    list.replaceChildren();
    if (!state.detail) return;
    if (state.timelineError) {
      list.append(el('li', { className: 'form-error', text: t('case.timelineFailed', { detail: state.timelineError }) }));
      return;
    }
    if (!state.timeline.length) list.append(el('li', { className: 'hint', text: t('case.timelineEmpty') }));
    for (const event of state.timeline) {
      const details = payloadRows(event.payload);
      list.append(el('li', { className: 'timeline-item', dataset: { kind: event.kind, seq: String(event.seq ?? '') } },
        el('time', { dateTime: event.at ?? '', text: formatDateTime(event.at) }),
        el('div', { className: 'timeline-body' },
          el('p', { className: 'timeline-kind', text: labelFor('kind.', event.kind) }),
          el('p', { className: 'timeline-actor', text: t('timeline.actor', { actor: actorLabel(event.actor) }) }),
          details.length ? el('dl', { className: 'timeline-details' }, details) : null)));
    }
  }

  function payloadRows(payload) {
    let values = {};
    try {
      values = typeof payload === 'string' ? JSON.parse(payload) : (payload ?? {});
    } catch {
      values = {};
    }
    const rows = [];
    for (const key of PAYLOAD_SHOWN) {
      const raw = values?.[key];
      if (raw === undefined || raw === null || raw === '') continue;
      let text = String(raw);
      if (key === 'department' || key === 'suggestedDepartment') text = departmentLabel(refs, text);
      else if (key === 'category' || key === 'from') text = categoryLabel(refs, text);
      else if (key === 'until' || key === 'dueAt') text = formatDateTime(text);
      else if (key === 'stage') text = labelFor('stage.', text);
      else if (key === 'action') text = labelFor('action.', text);
      else if (key === 'duplicateCandidates') text = text.split(/\s+/).join(t('list.separator'));
      rows.push(el('div', {}, el('dt', { text: t(`payload.${key}`) }), el('dd', { text })));
    }
    return rows;
  }

  // ---- names ------------------------------------------------------------------------------------------

  function actorLabel(actor) {
    if (!actor) return t('none');
    const colon = actor.indexOf(':');
    const kind = colon < 0 ? '' : actor.slice(0, colon);
    const id = colon < 0 ? actor : actor.slice(colon + 1);
    const user = getUser();
    if (kind === 'user' && user?.id === id) return t('actor.you', { name: user.displayName || user.username || id });
    if (state.actors[actor]) return state.actors[actor];
    if (kind === 'user' && refs.userById?.has(id)) {
      const known = refs.userById.get(id);
      return known.displayName || known.username;
    }
    if (kind === 'user') return t('actor.user', { id: id.slice(0, 8) });
    if (id === 'deadline-watcher') return t('actor.watcher');
    if (kind === 'camera') return t('actor.camera', { id });
    return t('actor.apikey', { id });
  }

  return {
    /** Shows case `id`; `notice` ({ key, params }) is shown in the status line (e.g. "reported as …"). */
    open(id, { notice = null } = {}) {
      if (id !== state.id) {
        forgetPhotos();
        state.detail = null;
        state.timeline = [];
        state.problems.clear();
        $('case-body').hidden = true;
      }
      state.id = id;
      state.notice = notice;
      state.alert = null;
      renderHeading();
      return load();
    },
    refreshLanguage() {
      renderHeading();
      renderStatus();
      renderFacts();
      for (const relabel of state.relabels) relabel();
      renderPhotos();
      renderTimeline();
    },
    reset() {
      state.generation += 1;
      forgetPhotos();
      Object.assign(state, { id: null, detail: null, timeline: [], timelineError: null, loading: false, loadError: null,
        notice: null, alert: null, busy: null, relabels: [] });
      state.problems.clear();
      view.dataset.loading = 'false';
      delete view.dataset.busy;
      renderAll();
    },
  };
}

function textArea(id, labelKey) {
  const control = el('textarea', { id, rows: 2 });
  const node = field(t(labelKey), control, { labelKey });
  return { node, control, label: node.querySelector('label') };
}

function radio(id, name, labelKey) {
  const control = el('input', { type: 'radio', id, name });
  const node = el('div', { className: 'check' }, control, el('label', { htmlFor: id, i18n: labelKey, text: t(labelKey) }));
  return { node, control };
}

const fixed = (value) => (typeof value === 'number' ? value.toFixed(6) : String(value ?? ''));
const round1 = (value) => Math.round(Number(value) * 10) / 10;
