import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryAdapter } from '../../server/store/adapters/memoryAdapter.ts';
import { openEmbeddedStore } from '../../server/store/embedded/openEmbeddedStore.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';

describe('a write that fails at the disk', () => {
  it('is never acknowledged: the request answers 500 problem JSON, and the server keeps serving', async () => {
    // The storage boundary refuses writes of issued-token records, as a full disk would
    const storage = memoryAdapter();
    const refuseTokens = (write: (name: string, text: string) => Promise<void>) => (name: string, text: string) =>
      name.startsWith('tokens/') ? Promise.reject(new Error('ENOSPC: no space left on device')) : write(name, text);
    const failing = { ...storage, write: refuseTokens(storage.write), append: refuseTokens(storage.append) };
    const hitch = await startTestHitch({ store: await openEmbeddedStore(failing) });
    try {
      await hitch.createCustomer('acme');
      const response = await hitch.admin.post('/v1/customers/acme/tokens', {});
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(response.body.code, 'internal');
      assert.ok(!response.text.includes('eyJ'), 'no token is handed out');
      assert.ok(hitch.logs.some((line) => line.includes('"msg":"write failed"')));
      assert.equal((await hitch.admin.get('/v1/customers/acme')).status, 200);
    } finally {
      await hitch.close();
    }
  });
});
