import type { AdminKeyRepository, SigningKeyRepository, TokenRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

export function adminKeyRepository({ state }: Documents): AdminKeyRepository {
  const { adminKeys } = state.data;
  return {
    list: async () => [...adminKeys.values()],
    async findByHash(hash) {
      for (const key of adminKeys.values()) if (key.hash === hash) return key;
      return undefined;
    },
    async create(key) {
      adminKeys.set(key.id, key);
      await state.commit();
    },
    async delete(id) {
      if (!adminKeys.delete(id)) return false;
      await state.commit();
      return true;
    },
  };
}

export function signingKeyRepository({ state }: Documents): SigningKeyRepository {
  const { signingKeys } = state.data;
  return {
    list: async () => [...signingKeys.values()],
    async rotate(key, retiredAt) {
      for (const [kid, existing] of signingKeys) {
        if (!existing.retiredAt) signingKeys.set(kid, { ...existing, retiredAt });
      }
      signingKeys.set(key.kid, key);
      await state.commit();
    },
    async prune(before) {
      let changed = false;
      for (const [kid, key] of signingKeys) {
        if (key.retiredAt && key.retiredAt < before) changed = signingKeys.delete(kid) || changed;
      }
      if (changed) await state.commit();
    },
  };
}

export function tokenRepository({ state, issuedTokens }: Documents): TokenRepository {
  const { revokedTokens, tokenCutoffs } = state.data;
  return {
    recordIssued: (token) => issuedTokens.append(token),
    getIssued: async (id) => issuedTokens.get(id),
    async revoke(token) {
      revokedTokens.set(token.jti, token);
      await state.commit();
    },
    isRevoked: async (jti) => revokedTokens.has(jti),
    async cutoffFor(customerId) {
      const cutoff = tokenCutoffs.get(customerId);
      return cutoff ? Date.parse(cutoff.before) : undefined;
    },
    async prune(now) {
      let changed = false;
      for (const [jti, token] of revokedTokens) if (token.expiresAt < now) changed = revokedTokens.delete(jti) || changed;
      for (const [id, cutoff] of tokenCutoffs) if (cutoff.expiresAt < now) changed = tokenCutoffs.delete(id) || changed;
      await Promise.all([changed ? state.commit() : undefined, issuedTokens.removeWhere((token) => token.expiresAt < now)]);
    },
  };
}
