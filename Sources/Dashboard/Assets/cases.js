// The case inboxes: one box per role (调度台 and 待审核 for the centre, 本部门案件 for departments, 我的上报 for
// inspectors), filters, and "load more" paging with the server's cursor. Rows link to #/cases/{id}.

import { ApiError, NetworkError } from './api.js';
import { STATES, caseFlags, categoryGroups, categoryName, departmentLabel, dueStatus, stateBadge } from './casedata.js';
import { el, fillSelect } from './dom.js';
import { formatDateTime, labelFor, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;

/** The inboxes a role works from; the first is opened by default. `query` is the `box` parameter (null: none). */
const BOXES = {
  dispatcher: 'dispatcher',
  review: 'review',
  department: 'department',
  mine: 'mine',
  all: null,
};

export function boxesFor(role) {
  switch (role) {
    case 'admin':
    case 'dispatcher': return ['dispatcher', 'review', 'all'];
    case 'department_operator':
    case 'department_head': return ['department'];
    case 'inspector': return ['mine'];
    default: return ['all'];
  }
}

/**
 * The inbox view. `getRole()` is the signed-in role; `refs` the shared reference data.
 * show() (re)loads the first page with the current box and filters; reset() forgets everything (sign-out).
 */
export function createInbox({ api, refs, getRole }) {
  const state = {
    boxes: [],
    box: null,
    items: [],
    next: null,
    query: null,       // the parameters of the list on screen
    loading: false,
    error: null,
    generation: 0,
  };

  function boxQuery() {
    const params = new URLSearchParams();
    const box = BOXES[state.box];
    if (box) params.set('box', box);
    const stateFilter = $('filter-state').value;
    if (stateFilter) params.set('state', stateFilter);
    const category = $('filter-category').value;
    if (category) params.set('category', category);
    if ($('filter-overdue').checked) params.set('overdue', 'true');
    const text = $('filter-q').value.trim();
    if (text) params.set('q', text);
    params.set('limit', String(PAGE_SIZE));
    return params;
  }

  async function load({ more = false } = {}) {
    const generation = ++state.generation;
    // "Load more" continues the list on screen: the filters it was asked with, not what the form says now.
    if (!more || !state.query) state.query = boxQuery();
    const params = new URLSearchParams(state.query);
    if (more && state.next) params.set('cursor', state.next);
    state.loading = true;
    state.error = null;
    if (!more) {
      state.items = [];
      state.next = null;
    }
    render();
    try {
      const [page] = await Promise.all([api.get(`/api/v1/cases?${params}`), refs.ready]);
      if (generation !== state.generation) return;
      state.items = more ? state.items.concat(page?.items ?? []) : (page?.items ?? []);
      state.next = page?.next ?? null;
    } catch (error) {
      if (generation !== state.generation) return;
      if (error instanceof ApiError && error.status === 401) return;
      state.error = error instanceof NetworkError ? t('login.network') : error.message;
    } finally {
      if (generation === state.generation) {
        state.loading = false;
        render();
      }
    }
  }

  function renderBoxes() {
    const group = $('box-switch');
    group.replaceChildren();
    for (const box of state.boxes) {
      const button = el('button', {
        type: 'button',
        id: `box-${box}`,
        className: 'box-button',
        dataset: { box },
        attrs: { 'aria-pressed': String(box === state.box) },
        text: t(`box.${box}`),
      });
      button.addEventListener('click', () => {
        if (state.box === box) return;
        state.box = box;
        renderBoxes();
        load();
      });
      group.append(button);
    }
    group.hidden = state.boxes.length < 2;
    $('box-hint').textContent = state.box ? t(`box.hint.${state.box}`) : '';
    $('cases-heading').textContent = state.boxes.length === 1 ? t(`box.${state.box}`) : t('cases.heading');
  }

  function renderFilterOptions() {
    fillSelect($('filter-state'), [{ options: [{ value: '', text: t('filters.anyState') },
      ...STATES.map((value) => ({ value, text: labelFor('state.', value) }))] }]);
    fillSelect($('filter-category'), [{ options: [{ value: '', text: t('filters.anyCategory') }] }, ...categoryGroups(refs)]);
  }

  function render() {
    const table = $('case-table');
    table.dataset.loading = String(state.loading);
    table.dataset.box = state.box ?? '';
    const rows = $('case-rows');
    rows.replaceChildren();
    const now = Date.now();
    for (const record of state.items) rows.append(row(record, now));
    if (!state.loading && !state.error && !state.items.length) {
      rows.append(el('tr', { className: 'empty-row' }, el('td', { colSpan: 8, text: t('cases.empty') })));
    }

    let status = '';
    if (state.loading) status = t('cases.loading');
    else if (!state.error) status = t(state.next ? 'cases.countMore' : 'cases.count', { count: state.items.length });
    $('cases-status').textContent = status;

    const error = $('cases-error');
    error.replaceChildren();
    error.hidden = !state.error;
    if (state.error) {
      const retry = el('button', { type: 'button', className: 'plain', text: t('cases.retry') });
      retry.addEventListener('click', () => load());
      error.append(el('p', { text: t('cases.loadFailed', { detail: state.error }) }), retry);
    }
    const more = $('cases-more');
    more.hidden = !state.next;
    more.disabled = state.loading;
  }

  function row(record, now) {
    const due = dueStatus(record, now);
    const link = el('a', { className: 'case-link', href: `#/cases/${encodeURIComponent(record.id)}`, text: record.id });
    return el('tr', { dataset: { caseId: record.id, state: record.state, overdue: String(due.kind === 'over') } },
      el('th', { scope: 'row' }, link),
      el('td', { className: 'nowrap', text: formatDateTime(record.reportedAt) }),
      el('td', { text: record.category ? `${record.category} ${categoryName(refs, record.category)}` : t('none') }),
      el('td', { className: 'description', text: record.description || record.address || t('none') }),
      el('td', {}, stateBadge(record.state)),
      el('td', { text: departmentLabel(refs, record.department) }),
      el('td', { className: `due due-${due.kind}`, text: due.text }),
      el('td', {}, el('div', { className: 'flags' }, caseFlags(record, now))));
  }

  $('case-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('filter-reset').addEventListener('click', () => {
    $('filter-state').value = '';
    $('filter-category').value = '';
    $('filter-overdue').checked = false;
    $('filter-q').value = '';
    load();
  });
  $('cases-more').addEventListener('click', () => load({ more: true }));

  return {
    /** Opens the inbox: the role's boxes, then the first page of the current box. */
    show() {
      const boxes = boxesFor(getRole());
      if (boxes.join() !== state.boxes.join()) {
        state.boxes = boxes;
        state.box = boxes[0];
      }
      renderBoxes();
      renderFilterOptions();
      refs.ready.then(() => renderFilterOptions());
      load();
    },
    refreshLanguage() {
      renderBoxes();
      renderFilterOptions();
      render();
    },
    reset() {
      state.generation += 1;
      state.boxes = [];
      state.box = null;
      state.items = [];
      state.next = null;
      state.query = null;
      state.loading = false;
      state.error = null;
      for (const id of ['filter-state', 'filter-category', 'filter-q']) $(id).value = '';
      $('filter-overdue').checked = false;
      $('case-rows').replaceChildren();
      $('cases-status').textContent = '';
      $('cases-error').hidden = true;
      $('cases-more').hidden = true;
    },
  };
}
