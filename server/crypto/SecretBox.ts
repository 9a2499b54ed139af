import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Sealed } from '../store/records.ts';

/** The id stored beside each sealed value: names the key without revealing it. */
export const encryptionKeyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/**
 * Seals secrets with AES-256-GCM: a fresh 12-byte IV per value, the auth tag appended to the
 * ciphertext, and the key id beside it so older keys still open values after a rotation.
 */
export class SecretBox {
  #current: { id: string; key: Buffer };
  #keys = new Map<string, Buffer>();

  constructor(currentKey: Buffer, olderKeys: Buffer[] = []) {
    if (currentKey.length !== 32) throw new Error('The encryption key must be 32 bytes.');
    this.#current = { id: encryptionKeyId(currentKey), key: currentKey };
    for (const key of [currentKey, ...olderKeys]) this.#keys.set(encryptionKeyId(key), key);
  }

  get keyId(): string {
    return this.#current.id;
  }

  seal(plaintext: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { kid: this.#current.id, iv: iv.toString('base64url'), data: data.toString('base64url') };
  }

  open(sealed: Sealed): string {
    const key = this.#keys.get(sealed.kid);
    if (!key) throw new Error(`No encryption key with id ${sealed.kid} is loaded.`);
    const data = Buffer.from(sealed.data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): Sealed {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: Sealed): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}
