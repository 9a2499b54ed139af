import type { AnyRoute } from '../../http/route.ts';
import { getHealthz } from './getHealthz.ts';
import { getJwks } from './getJwks.ts';

export const publicRoutes: AnyRoute[] = [getHealthz, getJwks];
