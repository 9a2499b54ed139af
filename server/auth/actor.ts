import type { WidgetScope } from '../schemas/tokens.ts';

export interface AdminActor {
  kind: 'admin';
  keyId: string;
  name: string;
}

export interface WidgetActor {
  kind: 'widget';
  customerId: string;
  userId?: string;
  scopes: WidgetScope[];
  integrations?: string[];
  origins?: string[];
  tokenId: string;
  expiresAt: string;
}

export type Actor = AdminActor | WidgetActor;

/** The audit log's `user`: the admin key's name, or `customer:<id>[/user:<uid>]`. */
export function auditUser(actor: Actor | undefined): string {
  if (!actor) return 'anonymous';
  if (actor.kind === 'admin') return actor.name;
  return actor.userId ? `customer:${actor.customerId}/user:${actor.userId}` : `customer:${actor.customerId}`;
}
