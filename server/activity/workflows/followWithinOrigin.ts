/** Redirects followed at most per `connection.fetch` call. */
export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body: dropped when a redirect turns the request into a GET. */
const bodyHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * Sends a request that carries a connection's credentials, following redirects only on the
 * same origin (scheme, host and port) and at most `maxRedirects`, with `addAuth` applied afresh
 * to each hop's URL. Every hop is sent with `redirect: 'manual'`, so the credentials never go
 * anywhere Hitch did not check. A redirect to another origin, past the limit, or one that would
 * have to send a one-shot body (a stream) again is returned as it is, unfollowed: the workflow
 * reads its status and `Location` and decides. `init.redirect` is honoured: `manual` returns
 * the first redirect, `error` rejects on one.
 */
export async function fetchWithinOrigin(
  send: typeof fetch,
  url: URL,
  init: RequestInit & { headers: Headers },
  addAuth: (url: URL, headers: Headers) => void,
): Promise<Response> {
  const origin = url.origin;
  let request = { url, init: { ...init, redirect: 'manual' as const } };
  for (let hop = 0; ; hop++) {
    const response = await send(request.url, request.init);
    const location = response.headers.get('location');
    if (!redirectStatuses.has(response.status) || location === null || init.redirect === 'manual') return response;
    if (init.redirect === 'error') {
      await response.body?.cancel();
      throw new TypeError(`connection.fetch: ${request.url.pathname} answered a redirect (${response.status}), and redirect is "error".`);
    }
    const next = nextRequest(response.status, request, location);
    if (hop >= maxRedirects || !next || next.url.origin !== origin) return response;
    await response.body?.cancel();
    addAuth(next.url, next.init.headers);
    request = next;
  }
}

type Hop = { url: URL; init: RequestInit & { headers: Headers; redirect: 'manual' } };

/** The request a redirect asks for (RFC 9110 §15.4, as fetch does it); undefined when its body cannot be sent again. */
function nextRequest(status: number, previous: Hop, location: string): Hop | undefined {
  let url: URL;
  try {
    url = new URL(location, previous.url);
  } catch {
    return undefined;
  }
  const method = (previous.init.method ?? 'GET').toUpperCase();
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  if (toGet) {
    const headers = new Headers(previous.init.headers);
    for (const name of bodyHeaders) headers.delete(name);
    return { url, init: { ...previous.init, method: 'GET', body: undefined, headers } };
  }
  if (!canSendAgain(previous.init.body)) return undefined;
  return { url, init: { ...previous.init, headers: new Headers(previous.init.headers) } };
}

/** A body held in memory can be sent again; a stream was consumed by the first hop. */
function canSendAgain(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  );
}
