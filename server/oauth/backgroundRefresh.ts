import type { AppDeps } from '../deps.ts';
import { listIntegrations } from '../integrations/resolve.ts';
import { refreshConnection } from './refresh.ts';

/** Tokens expiring within this window are refreshed by the sweep, ahead of any caller. */
export const backgroundWindowMs = 5 * 60_000;
const sweepIntervalMs = 60_000;

/** Refreshes every active OAuth connection whose token expires within the window. */
export async function refreshDueConnections(deps: AppDeps, stopped: () => boolean = () => false): Promise<number> {
  const now = deps.clock.now();
  let refreshed = 0;
  for (const integration of await listIntegrations(deps)) {
    if (integration.authType !== 'oauth2') continue;
    const due = (await deps.store.connections.listByIntegration(integration.key)).filter(
      (c) => c.status === 'active' && c.expiresAt !== undefined && Date.parse(c.expiresAt) - now <= backgroundWindowMs,
    );
    for (const connection of due) {
      if (stopped()) return refreshed;
      // Failures are recorded on the connection by the refresh itself; the sweep goes on.
      await refreshConnection(deps, connection.customerId, connection.id, backgroundWindowMs).then(
        () => refreshed++,
        (error: Error) => deps.logger.warn('background refresh failed', { connectionId: connection.id, error: error.message }),
      );
    }
  }
  return refreshed;
}

/** Runs the sweep every minute (one at a time). The returned stop resolves once a running sweep has ended. */
export function startBackgroundRefresh(deps: AppDeps, intervalMs = sweepIntervalMs): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    running ??= refreshDueConnections(deps, () => stopped)
      .then(
        () => undefined,
        (error: Error) => deps.logger.error('background refresh sweep failed', { error: error.message }),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
