import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashSecret } from '../../server/crypto/hashSecret.ts';
import { client, request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

interface CreatedKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

/** Every form a stored or listed key secret could take. */
const secretForms = (key: string) => [key, hashSecret(key), Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex')];

describe('admin keys', () => {
  let hitch: TestHitch;
  const create = async (name: string): Promise<CreatedKey> => {
    const response = await hitch.admin.post('/v1/admin-keys', { name });
    assert.equal(response.status, 201, response.text);
    return response.body;
  };
  /** The status an admin-API call with `key` gets. */
  const statusWith = async (key: string) => (await client(hitch.listenUrl, key).get('/v1/customers')).status;

  before(async () => {
    hitch = await startTestHitch();
  });
  after(() => hitch.close());

  describe('POST /v1/admin-keys', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await request(hitch.listenUrl, 'POST', '/v1/admin-keys', { body: { name: 'x' } })).status, 401);
    });

    it('answers the key once, with its id, name and time; the key works on the admin API', async () => {
      const created = await create('ci-bot');
      assert.deepEqual(Object.keys(created).sort(), ['createdAt', 'id', 'key', 'name']);
      assert.equal(created.name, 'ci-bot');
      assert.match(created.key, /^hitch_ak_[A-Za-z0-9_-]{43}$/);
      assert.equal(await statusWith(created.key), 200);
      assert.notEqual((await create('ci-bot')).key, created.key, 'a new secret each time, even for the same name');
    });
  });

  describe('GET /v1/admin-keys', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await request(hitch.listenUrl, 'GET', '/v1/admin-keys')).status, 401);
    });

    it('lists id, name and time of each key, never the key, its hash or an encoding of it', async () => {
      const keys = [await create('listed-1'), await create('listed-2')];
      const listed = await hitch.admin.get('/v1/admin-keys');
      assert.equal(listed.status, 200);
      for (const key of keys) {
        const found = listed.body.data.filter((entry: { id: string }) => entry.id === key.id);
        assert.deepEqual(found, [{ id: key.id, name: key.name, createdAt: key.createdAt }]);
        for (const form of secretForms(key.key)) assert.ok(!listed.text.includes(form), `the list shows ${form}`);
      }
      // Listing with a created key (not the env one) shows no secret either, its own included
      const byKey = await client(hitch.listenUrl, keys[0].key).get('/v1/admin-keys');
      assert.equal(byKey.status, 200);
      for (const form of secretForms(keys[0].key)) assert.ok(!byKey.text.includes(form));
    });
  });

  describe('DELETE /v1/admin-keys/:keyId', () => {
    it('rejects a missing credential, deleting nothing', async () => {
      const key = await create('kept-after-anonymous-delete');
      assert.equal((await request(hitch.listenUrl, 'DELETE', `/v1/admin-keys/${key.id}`)).status, 401);
      assert.equal(await statusWith(key.key), 200);
    });

    it('refuses a deleted key with 401 from then on; other keys keep working', async () => {
      const [doomed, other] = [await create('doomed'), await create('other')];
      assert.deepEqual([await statusWith(doomed.key), await statusWith(other.key)], [200, 200]);
      assert.equal((await client(hitch.listenUrl, other.key).delete(`/v1/admin-keys/${doomed.id}`)).status, 204);

      const refused = await client(hitch.listenUrl, doomed.key).get('/v1/customers');
      assert.deepEqual([refused.status, refused.body.code], [401, 'unauthorized']);
      assert.equal((await client(hitch.listenUrl, doomed.key).post('/v1/customers', { id: 'by-deleted-key', name: 'x' })).status, 401);
      assert.equal((await hitch.admin.get('/v1/customers/by-deleted-key')).status, 404, 'nothing done with the deleted key');
      assert.equal(await statusWith(other.key), 200);
      assert.equal((await hitch.admin.get('/v1/customers')).status, 200, 'HITCH_ADMIN_KEY still works');
      const listed = (await hitch.admin.get('/v1/admin-keys')).body.data.map((entry: { id: string }) => entry.id);
      assert.ok(!listed.includes(doomed.id) && listed.includes(other.id));
      assert.equal((await hitch.admin.delete(`/v1/admin-keys/${doomed.id}`)).status, 404);
    });

    it('409s a key deleting itself, which keeps working', async () => {
      const self = await create('self');
      assert.equal((await client(hitch.listenUrl, self.key).delete(`/v1/admin-keys/${self.id}`)).status, 409);
      assert.equal(await statusWith(self.key), 200);
    });
  });
});
