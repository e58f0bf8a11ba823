// The only way the console talks to the gateway: the public /api/v1 with a bearer token held in memory.

/** An error answered by the gateway, with its body's code, message, position and hint. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
    this.hint = error.hint;
    this.field = error.field;
  }
}

export class Api {
  #token = null; // never stored: a reload asks for it again

  signIn(token) {
    this.#token = token;
  }
  signOut() {
    this.#token = null;
  }
  get signedIn() {
    return this.#token !== null;
  }

  /**
   * @param keepalive whether the request goes on after the page is left (a tab closed, a reload): for a cancel
   *     that must reach the gateway; sendBeacon would do too, but it can send neither DELETE nor the token's header
   */
  async call(method, path, body, { keepalive = false } = {}) {
    const headers = { Authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive,
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  get(path) {
    return this.call('GET', path);
  }
  post(path, body = {}) {
    return this.call('POST', path, body);
  }
  put(path, body) {
    return this.call('PUT', path, body);
  }
  delete(path, options) {
    return this.call('DELETE', path, undefined, options);
  }
}

export const enc = encodeURIComponent;
