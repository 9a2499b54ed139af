/** Returns a fresh widget token, typically fetched from the host app's backend. */
export type TokenProvider = () => Promise<string>;

/** Seconds until `exp` of a JWT, read without verifying (the server verifies). */
function secondsLeft(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Holds the widget token: a static one, or one from the provider, which is called at start,
 * shortly before expiry, and on demand after a 401. Concurrent refreshes share one call.
 */
export class TokenSource {
  #token: string;
  #pending?: Promise<string>;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly provider: TokenProvider | undefined,
    staticToken: string,
  ) {
    this.#token = provider ? '' : staticToken;
  }

  get canRefresh(): boolean {
    return !!this.provider;
  }

  /** The current token, asking the provider for the first one. */
  get(): Promise<string> {
    return this.#token ? Promise.resolve(this.#token) : this.refresh();
  }

  /** A new token from the provider; rejects when there is none or it fails. */
  refresh(): Promise<string> {
    const provider = this.provider;
    if (!provider) return Promise.reject(new Error('no token'));
    this.#pending ??= provider()
      .then((token) => {
        if (typeof token !== 'string' || !token) throw new Error('empty token');
        this.#token = token.trim();
        this.#schedule();
        return this.#token;
      })
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  // Refresh a minute before expiry, or at 80% of a short lifetime
  #schedule(): void {
    clearTimeout(this.#timer);
    const left = secondsLeft(this.#token);
    if (left === undefined) return;
    const delay = Math.max(left - 60, left * 0.8) * 1000;
    this.#timer = setTimeout(() => this.refresh().catch(() => {}), Math.max(delay, 1000));
  }
}
