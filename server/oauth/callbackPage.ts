import type { Response } from 'express';
import type { CallbackResult } from './callback.ts';
import { scriptJson, sendPopupPage } from './popupPage.ts';

/**
 * Posts the result to the opener, to the exact origin that started the attempt (never `*`),
 * then closes the popup. The widget still reads the attempt itself: the message only says "look now".
 */
const resultScript = (result: CallbackResult) => `(() => {
  const post = ${result.post ? scriptJson(result.post) : 'null'};
  if (post && window.opener) window.opener.postMessage(post.message, post.origin);
  window.close();
})();`;

/** The callback's answer. Pages for states no attempt knows have no script: there is no origin to trust. */
export function sendCallbackPage(res: Response, result: CallbackResult): void {
  const attemptKnown = result.httpStatus === 200 || result.post !== undefined;
  sendPopupPage(res, {
    status: result.httpStatus,
    title: result.status === 'succeeded' ? 'Connected' : 'Sign-in did not succeed',
    text: result.description,
    hint: 'You can close this window.',
    script: attemptKnown ? resultScript(result) : undefined,
  });
}
