import type { AnyRoute } from '../../http/route.ts';
import { getHealthz } from './getHealthz.ts';
import { getJwks } from './getJwks.ts';
import { getOAuthCallback } from './getOAuthCallback.ts';
import { getOAuthAuthorizePage, postOAuthAuthorize } from './oauthAuthorize.ts';
import { postIncomingHook } from './postIncomingHook.ts';

export const publicRoutes: AnyRoute[] = [getHealthz, getJwks, getOAuthAuthorizePage, postOAuthAuthorize, getOAuthCallback, postIncomingHook];
