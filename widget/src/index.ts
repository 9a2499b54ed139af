/**
 * The Hitch widget. As a classic script (`hitch.js`) it exposes one global, `Hitch`; as a module
 * (`hitch.mjs`) the same names are exports. Loading defines the elements.
 */
import { define } from './define.ts';
import { HitchActivityList as ActivityList } from './hitch-activity-list.ts';
import { HitchConfirm as Confirm } from './hitch-confirm.ts';
import { HitchConnect as Connect } from './hitch-connect.ts';
import { HitchConnectionRow as ConnectionRow } from './hitch-connection-row.ts';
import { HitchCredentialsForm as CredentialsForm } from './hitch-credentials-form.ts';
import { HitchIntegrationList as IntegrationList } from './hitch-integration-list.ts';
import { HitchOAuthPanel as OAuthPanel } from './hitch-oauth-panel.ts';

declare const __HITCH_VERSION__: string;

/** The widget's version (the package's). */
export const version: string = __HITCH_VERSION__;

/** Defines the element unless the name is taken, and returns the class in use, so a second copy of the script names the first's. */
function registered<T extends CustomElementConstructor>(name: string, element: T): T {
  define(name, element);
  return customElements.get(name) as T;
}

export const HitchConnect = registered('hitch-connect', Connect);
export const HitchIntegrationList = registered('hitch-integration-list', IntegrationList);
export const HitchConnectionRow = registered('hitch-connection-row', ConnectionRow);
export const HitchCredentialsForm = registered('hitch-credentials-form', CredentialsForm);
export const HitchOAuthPanel = registered('hitch-oauth-panel', OAuthPanel);
export const HitchConfirm = registered('hitch-confirm', Confirm);
export const HitchActivityList = registered('hitch-activity-list', ActivityList);

export { HitchReadyEvent, HitchConnectedEvent, HitchDisconnectedEvent, HitchErrorEvent, HitchSessionExpiredEvent } from './events.ts';
export type { HitchStrings } from './strings/index.ts';
export type { TokenProvider } from './token-source.ts';

declare global {
  interface HTMLElementTagNameMap {
    'hitch-connect': Connect;
  }
}
