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

  /** The problem's `fields` (MISSING_FIELDS) as a list of strings; empty when it has none. */
  get fields() {
    return stringList(this.problem?.fields);
  }

  /** The problem's `reasons` (FIX_PHOTO_REJECTED) in the page's language; empty when it has none. */
  get reasons() {
    const chinese = document.documentElement.lang.startsWith('zh') && Array.isArray(this.problem?.reasonsZh);
    return stringList(chinese ? this.problem.reasonsZh : this.problem?.reasons);
  }
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined).map(String) : [];
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
  /**
   * One request. `body` is sent as JSON; `raw` (a Blob or File) is sent as it is with `contentType`.
   * `as: 'blob'` returns the answer's bytes as a Blob instead of parsed JSON.
   */
  async function send(method, path, { body, raw, contentType, authenticated = true, as = 'json' } = {}) {
    const headers = {
      Accept: as === 'blob' ? 'image/*, application/problem+json'
        : as === 'arrayBuffer' ? 'application/vnd.cityhub.first-flood, application/octet-stream, application/problem+json'
          : 'application/json, application/geo+json, application/problem+json',
      'Accept-Language': getLanguage(),
    };
    const token = authenticated ? getToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    else if (raw !== undefined) headers['Content-Type'] = contentType || raw.type || 'application/octet-stream';

    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body !== undefined ? JSON.stringify(body) : raw,
        credentials: 'same-origin',
        // Binary grids carry an entity tag: the browser's cache revalidates them instead of fetching them again.
        cache: as === 'arrayBuffer' ? 'no-cache' : 'no-store',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }

    if (response.ok && (as === 'blob' || as === 'arrayBuffer')) {
      try {
        return await (as === 'blob' ? response.blob() : response.arrayBuffer());
      } catch (cause) {
        throw new NetworkError(cause);
      }
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
    /** POST a JSON body to an authenticated resource; returns the parsed answer. */
    post(path, body) {
      return send('POST', path, { body });
    },
    /** POST a file's bytes as they are (e.g. a photo to /api/v1/photos); returns the parsed answer. */
    upload(path, file, contentType) {
      return send('POST', path, { raw: file, contentType });
    },
    /** GET an authenticated binary resource (a photo) as a Blob, ready for URL.createObjectURL. */
    blob(path) {
      return send('GET', path, { as: 'blob' });
    },
    /** GET an authenticated binary resource as an ArrayBuffer (the flood's first-flood grid). */
    bytes(path) {
      return send('GET', path, { as: 'arrayBuffer' });
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
