import type { OAuthAttemptRecord } from '../records.ts';
import type { OAuthAttemptRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

/** Still waiting for its callback: pending, its state unused, not expired at `now` (ISO time). */
const isOpen = (attempt: OAuthAttemptRecord | undefined, now: string): attempt is OAuthAttemptRecord =>
  attempt?.status === 'pending' && !attempt.usedAt && attempt.expiresAt > now;

export function oauthAttemptRepository({ oauthAttempts: attempts }: Documents): OAuthAttemptRepository {
  const { oauthAttempts } = attempts.data;
  return {
    async create(attempt, { perCustomer, perToken, now }) {
      // Count and insert in one synchronous step, so racing starts cannot pass a cap together
      const ofCustomer: string[] = [];
      const ofToken: string[] = [];
      for (const other of oauthAttempts.values()) {
        if (other.customerId !== attempt.customerId || !isOpen(other, now)) continue;
        ofCustomer.push(other.expiresAt);
        if (attempt.tokenId && other.tokenId === attempt.tokenId) ofToken.push(other.expiresAt);
      }
      const full = [ofCustomer.length >= perCustomer ? ofCustomer : [], ofToken.length >= perToken ? ofToken : []].filter((expiries) => expiries.length);
      // Each full group frees a place when its oldest attempt expires; all of them must
      if (full.length) return { created: false, retryAt: full.map((expiries) => expiries.sort()[0]).sort().at(-1)! };
      oauthAttempts.set(attempt.id, attempt);
      await attempts.commit();
      return { created: true };
    },

    async get(customerId, id) {
      const attempt = oauthAttempts.get(id);
      return attempt?.customerId === customerId ? attempt : undefined;
    },

    async findOpen(id, now) {
      const attempt = oauthAttempts.get(id);
      return isOpen(attempt, now) ? attempt : undefined;
    },

    async bindBrowser(id, browserKeyHash, bindingHash, now) {
      const attempt = oauthAttempts.get(id);
      if (!isOpen(attempt, now) || attempt.browserKeyHash !== browserKeyHash) return undefined;
      const bound = { ...attempt, browserBindingHash: bindingHash };
      oauthAttempts.set(id, bound);
      await attempts.commit();
      return bound;
    },

    async claim(stateHash, usedAt) {
      // A linear scan is fine: attempts live minutes and are pruned. Check and mark happen
      // in one synchronous step, so two callbacks with one state cannot both see a first use.
      for (const attempt of oauthAttempts.values()) {
        if (attempt.stateHash !== stateHash) continue;
        if (attempt.usedAt) return { attempt, firstUse: false };
        const claimed = { ...attempt, usedAt };
        oauthAttempts.set(attempt.id, claimed);
        await attempts.commit();
        return { attempt: claimed, firstUse: true };
      }
      return undefined;
    },

    async update(id, patch) {
      const existing = oauthAttempts.get(id);
      if (!existing) return undefined;
      const updated = { ...existing, ...patch };
      oauthAttempts.set(id, updated);
      await attempts.commit();
      return updated;
    },

    async prune(before) {
      let dropped = false;
      for (const [id, attempt] of oauthAttempts) {
        if (attempt.expiresAt < before) dropped = oauthAttempts.delete(id) || dropped;
      }
      if (dropped) await attempts.commit();
    },
  };
}
