// The hub's HTTP API as seen from the page: JSON in and out, bearer token, RFC 9457 problems as errors.

/** A failed API call. `problem` is the server's problem+json body when it sent one, else null. */
export class ApiError extends Error {
  constructor(status, problem, fallbackMessage) {
    super(problem?.detail || problem?.title || fallbackMessage || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? null;
  }

  /** True when the message came from the server's problem document rather than from the page. */
  get fromServer() {
    return Boolean(this.problem?.detail || this.problem?.title);
  }
}

/** The request could not reach the server at all (network down, server stopped). */
export class NetworkError extends Error {
  constructor(cause) {
    super(String(cause?.message ?? cause));
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/**
 * Creates the API client.
 * - getToken(): the bearer token or null;
 * - getLanguage(): "zh-CN" or "en", sent as Accept-Language so problem details come back in that language;
 * - onUnauthorized(error): called when an authenticated call is answered 401 (the session is over).
 */
export function createApi({ getToken, getLanguage, onUnauthorized }) {
  async function send(method, path, { body, authenticated = true } = {}) {
    const headers = {
      Accept: 'application/json, application/geo+json, application/problem+json',
      'Accept-Language': getLanguage(),
    };
    const token = authenticated ? getToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }

    const payload = await readBody(response);
    if (response.ok) return payload;

    const problem = payload && typeof payload === 'object' ? payload : null;
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && authenticated && token) onUnauthorized(error);
    throw error;
  }

  return {
    /** POST /api/v1/auth/login → { token, expiresAt, user }. A 401 here is a wrong password, not an expired session. */
    login(username, password) {
      return send('POST', '/api/v1/auth/login', { body: { username, password }, authenticated: false });
    },
    /** POST /api/v1/auth/logout with the current token. */
    logout() {
      return send('POST', '/api/v1/auth/logout');
    },
    /** GET an authenticated JSON resource. */
    get(path) {
      return send('GET', path);
    },
  };
}

async function readBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
