// What the case pages share: the reference data (categories, departments) loaded once per session, and the
// formatting of a case's state, category, department and deadline.

import { ApiError, NetworkError } from './api.js';
import { el } from './dom.js';
import { currentLanguage, formatDateTime, formatDuration, hasText, labelFor, localName, t } from './i18n.js';

const CJK = /[\u3400-\u9fff]/;

/** Every case state, in the order of the loop. */
export const STATES = ['reported', 'accepted', 'filed', 'dispatched', 'handling', 'returned', 'fix_reported', 'verified',
  'closed', 'rejected', 'shelved', 'merged'];
const FINISHED = new Set(['rejected', 'closed', 'merged']);

/** Roles that may report problems (POST /api/v1/reports). */
export const REPORTING_ROLES = new Set(['admin', 'dispatcher', 'inspector']);

/**
 * Categories and departments of the hub, fetched once per session. `ready` resolves when both arrived (or
 * failed: the pages then show codes instead of names).
 */
export function createReferences(api) {
  const refs = {
    categories: [],
    departments: [],
    categoryByCode: new Map(),
    departmentById: new Map(),
    userById: new Map(),
    ready: Promise.resolve(),
    loaded: false,
    /** Fetches the lists; `role` decides whether user names can be fetched too (admins and department heads). */
    load(role) {
      const users = ['admin', 'department_head'].includes(role) ? api.get('/api/v1/users') : Promise.resolve(null);
      refs.ready = Promise.allSettled([
        api.get('/api/v1/case-categories'),
        api.get('/api/v1/departments'),
        users,
      ]).then(([categories, departments, userList]) => {
        if (userList.status === 'fulfilled' && userList.value) {
          refs.userById = new Map((userList.value.items ?? []).map((user) => [user.id, user]));
        }
        if (categories.status === 'fulfilled') {
          refs.categories = categories.value?.items ?? [];
          refs.categoryByCode = new Map(refs.categories.map((category) => [category.code, category]));
        }
        if (departments.status === 'fulfilled') {
          refs.departments = (departments.value?.items ?? []).filter((department) => !department.disabled);
          refs.departmentById = new Map((departments.value?.items ?? []).map((department) => [department.id, department]));
        }
        refs.loaded = categories.status === 'fulfilled' && departments.status === 'fulfilled';
      });
      return refs.ready;
    },
    reset() {
      refs.categories = [];
      refs.departments = [];
      refs.categoryByCode = new Map();
      refs.departmentById = new Map();
      refs.userById = new Map();
      refs.ready = Promise.resolve();
      refs.loaded = false;
    },
  };
  return refs;
}

/** "E0501 占道经营" in the current language; the bare code when the category is unknown. */
export function categoryLabel(refs, code) {
  if (!code) return t('none');
  const category = refs.categoryByCode.get(code);
  if (!category) return code;
  return `${code} ${localName(category.name?.zh, category.name?.en)}`;
}

/** The category's plain name (no code), or the code. */
export function categoryName(refs, code) {
  const category = refs.categoryByCode.get(code);
  return category ? localName(category.name?.zh, category.name?.en) : (code || t('none'));
}

/** A department's name in the current language; the id when it is unknown. */
export function departmentLabel(refs, id) {
  if (!id) return t('none');
  const department = refs.departmentById.get(id);
  return department ? localName(department.name, department.nameEn) : id;
}

/** Option groups for a category <select>: one group per major class, "E0501 占道经营" per option. */
export function categoryGroups(refs) {
  const groups = new Map();
  for (const category of refs.categories) {
    const major = localName(category.majorName?.zh, category.majorName?.en);
    if (!groups.has(major)) groups.set(major, []);
    groups.get(major).push({ value: category.code, text: categoryLabel(refs, category.code) });
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

/** Option groups for a department <select>: street centres, then functional departments (the centre is left out). */
export function departmentGroups(refs, suggested) {
  const order = ['street_centre', 'functional'];
  return order.map((kind) => ({
    label: t(`dept.group.${kind}`),
    options: refs.departments
      .filter((department) => department.kind === kind)
      .map((department) => {
        const name = localName(department.name, department.nameEn);
        return { value: department.id, text: department.id === suggested ? t('input.suggestedMark', { name }) : name };
      }),
  })).filter((group) => group.options.length);
}

export const isFinished = (state) => FINISHED.has(state);

/**
 * Where a case stands against its current stage's deadline: { kind: 'none' | 'ok' | 'soon' | 'over', text }.
 * `text` is "2026-11-26 10:00（剩余 1 小时 5 分钟）".
 */
export function dueStatus(record, now = Date.now()) {
  const due = record?.dueAt ? new Date(record.dueAt).getTime() : NaN;
  if (isFinished(record?.state) || Number.isNaN(due)) return { kind: 'none', text: t('none') };
  const warn = record.warnAt ? new Date(record.warnAt).getTime() : NaN;
  const left = due - now;
  const kind = left < 0 ? 'over' : (!Number.isNaN(warn) && now >= warn ? 'soon' : 'ok');
  const relative = left < 0 ? t('due.over', { duration: formatDuration(left) }) : t('due.left', { duration: formatDuration(left) });
  return { kind, text: t('due.withRelative', { time: formatDateTime(record.dueAt), relative }) };
}

/** A state badge: a coloured label whose text (not only its colour) says the state. */
export function stateBadge(state, id) {
  return el('span', { className: 'state-badge', id, dataset: { state: state ?? '' }, text: labelFor('state.', state) });
}

/** The small warning labels of a case row: overdue, due soon, possible duplicate, awaiting review, rework. */
export function caseFlags(record, now = Date.now()) {
  const flags = [];
  const due = dueStatus(record, now);
  if (due.kind === 'over') flags.push(flag('overdue', t('flag.overdue')));
  else if (due.kind === 'soon') flags.push(flag('soon', t('flag.dueSoon')));
  else if (record.everOverdue) flags.push(flag('was-overdue', t('flag.everOverdue')));
  const duplicates = record.duplicateCandidates ?? [];
  if (duplicates.length) {
    const badge = flag('duplicate', t('flag.duplicate', { count: duplicates.length }));
    badge.title = duplicates.map((candidate) => candidate.caseID).join(t('list.separator'));
    flags.push(badge);
  }
  if (record.awaitingReview) flags.push(flag('review', t('flag.review')));
  if (record.reworkCount > 0) flags.push(flag('rework', t('flag.rework', { count: record.reworkCount })));
  return flags;
}

function flag(kind, text) {
  return el('span', { className: `flag flag-${kind}`, dataset: { flag: kind }, text });
}

/** The text to show for a failed call: the server's detail, or "cannot reach the server". */
export function describe(error) {
  if (error instanceof NetworkError) return t('login.network');
  return error?.message ?? String(error);
}

/** What a form shows of a failed call: { text, code, fields, reasons } (fields and reasons from problem+json). */
export function problemOf(error) {
  const fromServer = error instanceof ApiError;
  return {
    text: describe(error),
    code: fromServer ? error.code : null,
    fields: fromServer ? error.fields : [],
    reasons: fromServer ? error.reasons : [],
  };
}

/**
 * Fills a form's alert box with a problem (or hides it for null): the server's detail as sent, then the
 * missing fields (named as the page labels them, with the server's name) or the reasons.
 */
export function fillProblem(box, problem) {
  box.replaceChildren();
  box.hidden = !problem;
  if (!problem) {
    delete box.dataset.problemCode;
    return;
  }
  if (problem.code) box.dataset.problemCode = problem.code;
  else delete box.dataset.problemCode;
  box.append(el('p', { className: 'server-detail', text: problem.text }));
  if (problem.fields?.length) {
    box.append(el('p', { text: t('problem.fields') }),
      el('ul', { className: 'problem-list' }, problem.fields.map((name) => el('li', { dataset: { field: name }, text: fieldLabel(name) }))));
  }
  // The server sends `reasons` in English only (its localised `detail` already lists them in Chinese), so in
  // Chinese they are listed only once they arrive in Chinese.
  const reasons = problem.reasons ?? [];
  if (reasons.length && (currentLanguage() === 'en' || reasons.some((reason) => CJK.test(reason)))) {
    box.append(el('p', { text: t('problem.reasons') }),
      el('ul', { className: 'problem-list' }, reasons.map((reason) => el('li', { text: reason }))));
  }
}

/** A server field name as the page calls it, with the server's own name: "现场照片（photos）". */
export function fieldLabel(name) {
  const key = `field.${name}`;
  return hasText(key) ? t('field.withName', { label: t(key), name }) : name;
}
