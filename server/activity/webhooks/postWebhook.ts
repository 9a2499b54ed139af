import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { AddressPolicy } from './addressPolicy.ts';
import { assertDeliverableUrl, checkedLookup } from './checkedLookup.ts';

export interface PostOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  /** Aborted when the server stops: the attempt then counts for nothing. */
  signal: AbortSignal;
  agents: { http: http.Agent; https: https.Agent };
}

export interface PostResult {
  /** The answer's status; absent when there was none (refused URL, network error, timeout). */
  status?: number;
  retryAfter?: string;
  error?: string;
  durationMs: number;
  /** The server is stopping: not a real attempt. */
  aborted?: boolean;
}

/**
 * POSTs one webhook. The URL is checked before the attempt and its addresses again as the
 * socket connects (no DNS rebinding); redirects are not followed; no answer within `timeoutMs`
 * is a failure. Never throws.
 */
export async function postWebhook(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    await assertDeliverableUrl(url, options.policy);
  } catch (error) {
    return { error: `refused: ${(error as Error).message}`, durationMs: elapsed() };
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: url.protocol === 'https:' ? options.agents.https : options.agents.http,
      lookup: checkedLookup(url.protocol, options.policy),
      signal: options.signal,
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    timer.unref();
    request.on('response', (response) => {
      clearTimeout(timer);
      response.resume(); // the answer's body is not needed
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode, ...(retryAfter ? { retryAfter } : {}), durationMs: elapsed() });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      const aborted = options.signal.aborted;
      resolve({ error: error.message, durationMs: elapsed(), ...(aborted ? { aborted } : {}) });
    });
    request.end(body);
  });
}
