import type { JWTPayload } from 'jose';

interface Verified {
  payload: JWTPayload;
  kid: string;
}

/**
 * Widget tokens whose signature and fixed claims (alg, typ, iss, aud) were already verified, by
 * token string. A widget sends the same token on every call for its whole life, and the Ed25519
 * check is the costliest step of a widget request. What changes with time or state — expiry,
 * the signing key's overlap, revocation, the customer, the Origin — is still checked every time.
 * Least recently used entries go first once `capacity` is reached.
 */
export class VerifiedTokens {
  #entries = new Map<string, Verified>();
  #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get(token: string): Verified | undefined {
    const entry = this.#entries.get(token);
    if (entry) {
      this.#entries.delete(token);
      this.#entries.set(token, entry);
    }
    return entry;
  }

  remember(token: string, entry: Verified): void {
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, entry);
  }
}
