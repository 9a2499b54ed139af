import type { Response } from 'express';
import type { OAuthAttemptRecord } from '../store/records.ts';
import { scriptJson, sendPopupPage } from './popupPage.ts';

/**
 * Asks the widget that opened the popup for the attempt's key (to the attempt's exact origin),
 * trades the key for the binding cookie, then goes on to the provider. Without an opener there
 * is no one to ask: the sign-in has to start again from the app.
 */
const bindScript = (attempt: OAuthAttemptRecord) => `(() => {
  const { attemptId, origin } = ${scriptJson({ attemptId: attempt.id, origin: attempt.origin })};
  const status = document.querySelector('[role=status]');
  const stop = (text) => { status.textContent = text; };
  if (!window.opener) return stop('This window has lost the app that opened it. Start the sign-in again from the app.');
  addEventListener('message', async (event) => {
    const data = event.data;
    if (event.origin !== origin || event.source !== window.opener) return;
    if (!data || data.type !== 'hitch:oauth-bind' || data.attemptId !== attemptId || typeof data.key !== 'string') return;
    try {
      const response = await fetch(location.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: data.key }),
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(String(response.status));
      location.replace((await response.json()).url);
    } catch {
      stop('This sign-in can no longer continue. Start it again from the app.');
    }
  });
  window.opener.postMessage({ type: 'hitch:oauth-ready', attemptId }, origin);
})();`;

/** The first page of the popup, or an error page (no script) when the attempt cannot be bound. */
export function sendAuthorizePage(res: Response, attempt: OAuthAttemptRecord | undefined): void {
  if (!attempt?.origin) {
    return sendPopupPage(res, {
      status: 400,
      title: 'Sign-in did not start',
      text: 'This sign-in is unknown, finished or expired. Start it again from the app.',
      hint: 'You can close this window.',
    });
  }
  sendPopupPage(res, { status: 200, title: 'Signing in', text: 'Opening the sign-in page…', script: bindScript(attempt), connectsToSelf: true });
}
