// What the page remembers: display preferences in localStorage, the signed-in session in sessionStorage
// (so closing the browser signs the user out).

const KEYS = {
  lang: 'cityhub.lang',
  largeType: 'cityhub.largeType',
  token: 'cityhub.token',
  user: 'cityhub.user',
  expiresAt: 'cityhub.expiresAt',
};

function read(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function write(storage, key, value) {
  try {
    if (value === null || value === undefined) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // Storage can be disabled (private mode, policy); the page still works without remembering.
  }
}

/** The saved language, or null when the user never chose one. */
export const savedLanguage = () => read(localStorage, KEYS.lang);
export const saveLanguage = (lang) => write(localStorage, KEYS.lang, lang);

/** Whether large text was switched on. */
export const savedLargeType = () => read(localStorage, KEYS.largeType) === 'true';
export const saveLargeType = (on) => write(localStorage, KEYS.largeType, on ? 'true' : 'false');

/** Wires a page's language buttons (`[data-lang]`) and large-type switch (`#large-type`): each choice is
 *  remembered for the next visit and applied at once by the page's own functions. */
export function bindPreferenceSwitches({ applyLanguage, applyLargeType }) {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      saveLanguage(button.dataset.lang);
      applyLanguage(button.dataset.lang);
    });
  }
  document.getElementById('large-type').addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('large-type');
    saveLargeType(on);
    applyLargeType(on);
  });
}

/**
 * The stored session { token, expiresAt: Date|null, user }, or null when there is none or it has expired.
 * An expired session is cleared.
 */
export function loadSession(now = new Date()) {
  const token = read(sessionStorage, KEYS.token);
  if (!token) return null;
  const expiresText = read(sessionStorage, KEYS.expiresAt);
  const expiresAt = expiresText ? new Date(expiresText) : null;
  if (expiresAt && !Number.isNaN(expiresAt.getTime()) && expiresAt <= now) {
    clearSession();
    return null;
  }
  let user = null;
  try {
    user = JSON.parse(read(sessionStorage, KEYS.user) ?? 'null');
  } catch {
    user = null;
  }
  return { token, expiresAt, user };
}

/** Stores the answer of a successful login. */
export function saveSession({ token, expiresAt, user }) {
  write(sessionStorage, KEYS.token, token);
  write(sessionStorage, KEYS.expiresAt, expiresAt ?? null);
  write(sessionStorage, KEYS.user, user ? JSON.stringify(user) : null);
}

export function clearSession() {
  for (const key of [KEYS.token, KEYS.expiresAt, KEYS.user]) write(sessionStorage, key, null);
}
