import type { Connection } from '../../server/schemas/index.ts';

/**
 * The public events of `<hitch-connect>`: bubbling, composed `CustomEvent`s that carry ids and
 * connection objects (which never hold secrets), fired only for user actions or server results.
 */
const init = { bubbles: true, composed: true } as const;

/** The session has loaded and the integration list is on screen. */
export class HitchReadyEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('hitch-ready', { ...init, detail: {} });
  }
}

/** An account was connected or reconnected. */
export class HitchConnectedEvent extends CustomEvent<{ connection: Connection }> {
  constructor(connection: Connection) {
    super('hitch-connected', { ...init, detail: { connection } });
  }
}

/** An account was disconnected. */
export class HitchDisconnectedEvent extends CustomEvent<{ connectionId: string }> {
  constructor(connectionId: string) {
    super('hitch-disconnected', { ...init, detail: { connectionId } });
  }
}

/** A request failed. `code` is the API's problem code, or `network_error`, `customer_mismatch`, `oauth_failed`. */
export class HitchErrorEvent extends CustomEvent<{ code: string; message: string }> {
  constructor(code: string, message: string) {
    super('hitch-error', { ...init, detail: { code, message } });
  }
}

/** No valid token could be had: the token was refused after one refresh, or the provider failed. */
export class HitchSessionExpiredEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('hitch-session-expired', { ...init, detail: {} });
  }
}

declare global {
  interface HTMLElementEventMap {
    'hitch-ready': HitchReadyEvent;
    'hitch-connected': HitchConnectedEvent;
    'hitch-disconnected': HitchDisconnectedEvent;
    'hitch-error': HitchErrorEvent;
    'hitch-session-expired': HitchSessionExpiredEvent;
  }
}
