import { createHash } from 'node:crypto';
import { randomToken } from '../ids.ts';

/** A PKCE verifier (RFC 7636 §4.1): 64 base64url characters, 384 random bits. */
export const newVerifier = () => randomToken(48);

/** The S256 challenge of a verifier. */
export const s256Challenge = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** A fresh `state`: random, single-use; only its hash is stored. */
export const newState = () => randomToken(32);
