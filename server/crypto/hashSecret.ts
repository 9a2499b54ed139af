import { createHash } from 'node:crypto';

/**
 * How a random bearer secret is stored (an admin key, an OAuth state, a browser key): its
 * SHA-256, hex. The secrets are high-entropy, so a plain hash cannot be reversed by guessing.
 */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
