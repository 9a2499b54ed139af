import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routes } from '../../server/routes/index.ts';
import { request } from '../helpers/http.ts';
import { fillPath, methodOf, routeId } from '../helpers/routePaths.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

// Generated over every protected route: a new route is covered the moment it is added.
describe('authentication of every protected route', () => {
  let hitch: TestHitch;
  let widgetToken: string;

  before(async () => {
    // Two bad credentials per route from one IP, on purpose: above the per-IP guessing limit,
    // which abuse.test.ts covers
    hitch = await startTestHitch({ env: { HITCH_AUTH_FAILURE_LIMIT: '100000' } });
    await hitch.createCustomer('acme');
    widgetToken = (await hitch.widgetFor('acme')).token;
  });
  after(() => hitch.close());

  for (const route of routes.filter((r) => r.audience !== 'public')) {
    describe(routeId(route), () => {
      const call = (token?: string) => request(hitch.url, methodOf(route), fillPath(route), { token, ...(['GET', 'DELETE'].includes(methodOf(route)) ? {} : { body: {} }) });
      const wrongCredential = route.audience === 'admin' ? () => widgetToken : () => testAdminKey;

      it('rejects a missing credential with 401 problem JSON', async () => {
        const response = await call();
        assert.equal(response.status, 401);
        assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.equal(response.body.code, 'unauthorized');
      });

      it('rejects a wrong credential', async () => {
        assert.equal((await call('not-a-valid-credential')).status, 401);
      });

      it(`rejects the other API's credential (${route.audience === 'admin' ? 'a widget token' : 'an admin key'})`, async () => {
        const response = await call(wrongCredential());
        assert.equal(response.status, 401);
        assert.equal(response.body.code, 'unauthorized');
      });
    });
  }
});
