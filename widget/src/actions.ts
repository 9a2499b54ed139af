import type { Connection, Event, WidgetIntegration } from '../../server/schemas/index.ts';

/**
 * What the parts of `<hitch-connect>` ask of it. The element implements these against the
 * widget API; the parts stay presentational. Promises reject with a `HitchApiError`.
 */
export interface ConnectActions {
  /** Starts connecting: a form, or at once the OAuth popup. Synchronous, so a popup opens inside the click. */
  connect(integration: WidgetIntegration, reconnect?: Connection): void;
  /** Submits the credentials form of an API-key or basic-auth integration. */
  createConnection(integration: WidgetIntegration, label: string, credentials: Record<string, string>): Promise<void>;
  /** Submits the form of an OAuth integration that has fields: opens the popup, so call it inside the submit. */
  authorize(integration: WidgetIntegration, label: string, fields: Record<string, string>): void;
  rename(connection: Connection, label: string): Promise<void>;
  disconnect(connection: Connection): void;
  /** Opens the OAuth popup again, on a fresh click (after it was blocked or closed). */
  openPopup(): void;
  /** Leaves the form or the OAuth panel. */
  back(): void;
  loadActivity(): Promise<Event[]>;
}
