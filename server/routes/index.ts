import type { AnyRoute } from '../http/route.ts';
import { adminRoutes } from './admin/index.ts';
import { publicRoutes } from './public/index.ts';
import { widgetRoutes } from './widget/index.ts';

/** Every API route: the app, the OpenAPI document and the cross-tenant matrix read this list. */
export const routes: readonly AnyRoute[] = [...publicRoutes, ...adminRoutes, ...widgetRoutes];
