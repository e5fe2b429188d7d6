// The platform's public REST API (/api), as the console uses it. Every call carries the access token; a 401 on an
// authenticated call means the token is no longer good (expired, revoked), and the console signs out.

export class ApiError extends Error {
  constructor(status, message, errors = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

export function createApi(getToken, onUnauthorized) {
  async function call(method, path, body, withMessage = false) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new ApiError(0, 'the server cannot be reached; try again');
    }
    let json = null;
    try {
      json = await response.json();
    } catch {
      // not JSON (a proxy's error page): the status says enough
    }
    if (response.status === 401 && token) onUnauthorized();
    if (!response.ok) {
      const detail = (json?.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
      const message = json?.message ?? `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, detail ? `${message} (${detail})` : message, json?.errors ?? []);
    }
    return withMessage ? { data: json?.data, message: json?.message ?? '' } : json?.data;
  }

  /**
   * A visitor's photo, behind the token, as an object URL for an <img> (the CSP allows blob: images). The path is
   * built here from the id, so the token never goes anywhere a server-sent URL points.
   */
  async function visitorPhoto(visitorId) {
    const response = await fetch(`/api/door/logs/${encodeURIComponent(visitorId)}/image`, { headers: { Authorization: `Bearer ${getToken()}` } });
    if (!response.ok) throw new ApiError(response.status, `photo not available (${response.status})`);
    return URL.createObjectURL(await response.blob());
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    /** POST answering {data, message}: for routes whose message can carry a warning (register, rotate). */
    postForMessage: (path, body) => call('POST', path, body, true),
    del: (path) => call('DELETE', path),
    visitorPhoto,
  };
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
