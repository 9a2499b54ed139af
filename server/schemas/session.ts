import { z } from 'zod';
import { connection } from './connections.ts';
import { widgetIntegration } from './integrations.ts';
import { widgetScope } from './tokens.ts';

/** `GET /v1/widget/session`: everything the widget needs to render. */
export const widgetSession = z.object({
  customer: z.object({ id: z.string(), name: z.string() }),
  integrations: z.array(widgetIntegration),
  connections: z.array(connection),
  scopes: z.array(widgetScope),
  expiresAt: z.iso.datetime(),
});

export type WidgetSession = z.infer<typeof widgetSession>;
