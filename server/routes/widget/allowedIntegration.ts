import type { WidgetActor } from '../../auth/actor.ts';

/** Whether the token lets its holder see an integration (no `integrations` claim: all). */
export const tokenAllows = (actor: WidgetActor, integration: string) =>
  !actor.integrations || actor.integrations.includes(integration);
