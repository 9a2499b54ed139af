import type { OAuthAttempt, OAuthStart, OAuthStartBody, WidgetApi } from './api.ts';

/**
 * What the popup's pages post to the opener (see docs/WIDGET.md): the first page asks for the
 * attempt's key (`hitch:oauth-ready`); the callback page only prompts a check of the attempt.
 */
export interface OAuthMessage {
  type: 'hitch:oauth' | 'hitch:oauth-ready';
  attemptId?: string;
}

export type OAuthOutcome =
  | { status: 'succeeded'; connectionId: string }
  | { status: 'failed'; error: string; description?: string }
  | { status: 'timeout' };

const popupFeatures = 'popup,width=520,height=680';

/**
 * One OAuth attempt in a popup. `open()` must run synchronously inside the click handler;
 * `start()` then asks the server for the attempt and navigates the popup; `result` settles when
 * the attempt ends. The result is always read from the attempt itself: a message from the server's
 * origin only makes that happen at once, polling covers a lost opener or a closed popup.
 */
export class OAuthFlow {
  popup: Window | null = null;
  attempt?: OAuthStart;
  result: Promise<OAuthOutcome>;
  #resolve!: (outcome: OAuthOutcome) => void;
  #timer?: ReturnType<typeof setTimeout>;
  #polls = 0;
  #done = false;

  constructor(
    private readonly api: WidgetApi,
    private readonly pollInterval: number,
  ) {
    this.result = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Opens the popup (blank until `start`, or at the authorize URL once known). False when blocked. */
  open(): boolean {
    this.popup = window.open(this.attempt?.authorizeUrl ?? '', 'hitch-oauth', popupFeatures);
    this.popup?.focus();
    return !!this.popup;
  }

  async start(integration: string, body: OAuthStartBody): Promise<void> {
    try {
      this.attempt = await this.api.startOAuth(integration, body);
    } catch (error) {
      this.popup?.close();
      throw error;
    }
    if (this.#done) return; // cancelled while starting
    // Listening before the popup's page can ask for the key
    addEventListener('message', this.#onMessage);
    addEventListener('focus', this.#check);
    if (this.popup && !this.popup.closed) this.popup.location.href = this.attempt.authorizeUrl;
    this.#schedule();
  }

  cancel(): void {
    this.#finish({ status: 'timeout' }, true);
  }

  #onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<OAuthMessage> | null;
    const server = new URL(this.api.server).origin;
    if (event.origin !== server || !this.attempt) return;
    const { attemptId, browserKey } = this.attempt;
    // The key goes only to the server's own page for this attempt: it binds this browser
    if (data?.type === 'hitch:oauth-ready' && data.attemptId === attemptId && event.source) {
      (event.source as Window).postMessage({ type: 'hitch:oauth-bind', attemptId, key: browserKey }, server);
      return;
    }
    if (data?.type === 'hitch:oauth' && (!data.attemptId || data.attemptId === attemptId)) this.#check();
  };

  // Brisk for the first polls (most sign-ins take seconds), then a third as often, to spare the rate limit
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#check, this.pollInterval * (this.#polls++ < 15 ? 1 : 3));
  }

  #check = async () => {
    if (this.#done || !this.attempt) return;
    let state: OAuthAttempt | undefined;
    try {
      state = await this.api.attempt(this.attempt.attemptId);
    } catch (error) {
      // A transient failure keeps polling; a refused session or a gone attempt ends it
      const code = (error as { code?: string }).code;
      if (code !== 'network_error' && code !== 'rate_limited') state = { status: 'failed', error: code };
    }
    if (state?.status === 'succeeded' && state.connectionId) this.#finish({ status: 'succeeded', connectionId: state.connectionId });
    else if (state?.status === 'failed') this.#finish({ status: 'failed', error: state.error ?? 'failed', description: state.errorDescription });
    else if (Date.parse(this.attempt.expiresAt) < Date.now()) this.#finish({ status: 'timeout' });
    else if (!this.#done) this.#schedule();
  };

  #finish(outcome: OAuthOutcome, closePopup = outcome.status === 'succeeded'): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    removeEventListener('message', this.#onMessage);
    removeEventListener('focus', this.#check);
    if (closePopup && this.popup && !this.popup.closed) this.popup.close();
    this.#resolve(outcome);
  }
}
