import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase
let lastTime = 0;
let lastRandom: number[] = [];

/**
 * A prefixed, time-ordered id (`evt_01jd…`): ids made later sort after earlier ones, even within
 * one millisecond, so activity lists page by id without sorting.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now <= lastTime) {
    increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = [...randomBytes(16)].map((byte) => byte & 31);
  }
  return `${prefix}_${encodeTime(lastTime)}${lastRandom.map((digit) => alphabet[digit]).join('')}`;
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] < 31) {
      digits[i]++;
      return;
    }
    digits[i] = 0;
  }
}

/** A random, URL-safe secret of `bytes` bytes. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
