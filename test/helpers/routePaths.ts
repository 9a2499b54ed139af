import type { AnyRoute } from '../../server/http/route.ts';

/** Fills a route's `:params` (and `*path`) from `values`, `x` for any not given. */
export function fillPath(route: AnyRoute, values: Record<string, string> = {}): string {
  return route.path
    .replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(values[name] ?? 'x'))
    .replace(/\*(\w+)/g, (_match, name: string) => values[name] ?? 'x');
}

/** The HTTP method to call a route with. */
export const methodOf = (route: AnyRoute) => (route.method === 'all' ? 'GET' : route.method.toUpperCase());

export const routeId = (route: AnyRoute) => `${route.method.toUpperCase()} ${route.path}`;
