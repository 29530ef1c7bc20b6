/** Calls of the API from the account pages, with the page's cookie. */

/**
 * One call; a network failure answers like a 503 without a body.
 * @param {string} method
 * @param {string} path
 * @param {object|FormData} [body] sent as JSON, or as `multipart/form-data` when a `FormData`
 */
export async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', cache: 'no-store' };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  try {
    return await fetch(path, init);
  } catch {
    return new Response(null, { status: 503 });
  }
}
