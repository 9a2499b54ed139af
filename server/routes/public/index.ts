import type { AnyRoute } from '../../http/route.ts';
import { getHealthz } from './getHealthz.ts';
import { getJwks } from './getJwks.ts';
import { getOAuthCallback } from './getOAuthCallback.ts';
import { postIncomingHook } from './postIncomingHook.ts';

export const publicRoutes: AnyRoute[] = [getHealthz, getJwks, getOAuthCallback, postIncomingHook];
