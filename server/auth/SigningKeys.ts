import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../crypto/SecretBox.ts';
import { newId } from '../ids.ts';
import { maxTokenTtlSeconds } from '../schemas/tokens.ts';
import type { SigningKeyRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { clockToleranceSeconds } from './widgetTokens.ts';

/** The longest token lifetime plus the verification clock tolerance. */
export const maxTokenLifetimeMs = (maxTokenTtlSeconds + clockToleranceSeconds) * 1000;

interface LoadedKey {
  record: SigningKeyRecord;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/**
 * The Ed25519 keys that sign widget tokens. The current key signs; a retired key stays
 * published and verifiable for the longest token lifetime, so rotation never breaks a token.
 * Keys are imported once, not per request.
 */
export class SigningKeys {
  #store: Store;
  #secrets: SecretBox;
  #clock: Clock;
  #keys = new Map<string, LoadedKey>();
  #current?: LoadedKey;

  constructor(store: Store, secrets: SecretBox, clock: Clock) {
    this.#store = store;
    this.#secrets = secrets;
    this.#clock = clock;
  }

  /** Loads the stored keys, creating the first one on first start. */
  async load(): Promise<void> {
    await this.#store.signingKeys.prune(new Date(this.#clock.now() - maxTokenLifetimeMs).toISOString());
    const records = await this.#store.signingKeys.list();
    if (!records.some((record) => !record.retiredAt)) return void (await this.rotate());
    this.#keys.clear();
    for (const record of records) this.#remember(record);
  }

  /** Makes a new current key; the previous one is retired but still verifies. */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const now = new Date(this.#clock.now()).toISOString();
    const record: SigningKeyRecord = {
      kid: newId('key'),
      publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), alg: 'EdDSA', use: 'sig' },
      privateKey: this.#secrets.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
      createdAt: now,
    };
    await this.#store.signingKeys.rotate(record, now);
    for (const key of this.#keys.values()) key.record.retiredAt ??= now;
    this.#remember(record);
    return record.kid;
  }

  /** The key that signs new tokens. */
  current(): { kid: string; privateKey: KeyObject } {
    const current = this.#current!;
    current.privateKey ??= createPrivateKey(this.#secrets.open(current.record.privateKey));
    return { kid: current.record.kid, privateKey: current.privateKey };
  }

  /** The public key for `kid`, if it is current or retired recently enough to verify. */
  verificationKey(kid: string): KeyObject | undefined {
    const key = this.#keys.get(kid);
    if (!key || !this.#inOverlap(key.record)) return undefined;
    return key.publicKey;
  }

  /** `GET /.well-known/jwks.json`: the current and previous keys. */
  jwks(): { keys: JWK[] } {
    const keys = [...this.#keys.values()].filter((key) => this.#inOverlap(key.record));
    return { keys: keys.map((key) => ({ ...key.record.publicJwk, kid: key.record.kid })) };
  }

  #inOverlap(record: SigningKeyRecord): boolean {
    return !record.retiredAt || Date.parse(record.retiredAt) + maxTokenLifetimeMs > this.#clock.now();
  }

  #remember(record: SigningKeyRecord): void {
    const loaded: LoadedKey = { record, publicKey: createPublicKey({ key: record.publicJwk, format: 'jwk' }) };
    this.#keys.set(record.kid, loaded);
    if (!record.retiredAt) this.#current = loaded;
  }
}
