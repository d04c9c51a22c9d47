// The notices button in the header: how many unread notices (assignments, 75 % warnings, overdue supervision
// 督办) the signed-in person and their department have, and the list of them, each opening its case.
import { el } from './dom.js';
import { hasText, t } from './i18n.js';

const POLL_MS = 30_000;

export function createNotices({ api, button, count, panel, list, markAll }) {
  const state = { items: [], timer: null, generation: 0 };

  async function refresh() {
    const generation = state.generation;
    try {
      const answer = await api.get('/api/v1/notifications?unread=true');
      if (generation !== state.generation) return;
      state.items = answer.items ?? [];
    } catch {
      // A failed poll keeps the last count; the next poll tries again.
      return;
    }
    render();
  }

  function render() {
    const unread = state.items.length;
    count.hidden = unread === 0;
    count.textContent = unread > 99 ? '99+' : String(unread);
    button.setAttribute('aria-label', t('notices.button', { count: unread }));
    list.replaceChildren();
    if (!unread) list.append(el('li', { className: 'hint', text: t('notices.none') }));
    for (const notice of state.items) {
      const kind = hasText(`kind.${notice.kind}`) ? t(`kind.${notice.kind}`) : notice.kind;
      const when = new Date(notice.createdAt).toLocaleString(document.documentElement.lang || undefined);
      list.append(el('li', { className: 'notice', dataset: { kind: notice.kind } },
        el('a', { href: `#/cases/${encodeURIComponent(notice.caseId)}`, text: `${kind} · ${notice.caseId}` }),
        el('span', { className: 'notice-time', text: when })));
    }
    markAll.disabled = unread === 0;
  }

  function toggle(open = panel.hidden) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) refresh();
  }

  async function readAll() {
    const ids = state.items.map((notice) => notice.id);
    if (!ids.length) return;
    markAll.disabled = true;
    try {
      await api.post('/api/v1/notifications/read', { ids });
    } finally {
      await refresh();
    }
  }

  button.addEventListener('click', () => toggle());
  markAll.addEventListener('click', readAll);
  list.addEventListener('click', (event) => { if (event.target.closest('a')) toggle(false); });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      toggle(false);
      button.focus();
    }
  });

  return {
    start() {
      state.generation += 1;
      button.hidden = false;
      refresh();
      clearInterval(state.timer);
      state.timer = setInterval(refresh, POLL_MS);
    },
    refresh,
    render,
    stop() {
      state.generation += 1;
      clearInterval(state.timer);
      state.items = [];
      toggle(false);
      button.hidden = true;
      render();
    },
  };
}
