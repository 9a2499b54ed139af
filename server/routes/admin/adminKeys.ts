import { z } from 'zod';
import { createAdminKey } from '../../auth/adminKeys.ts';
import { HitchError, notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf, timestamp } from '../../schemas/common.ts';
import { adminKeyParams } from '../../schemas/params.ts';

const adminKey = z.object({ id: z.string(), name: z.string(), createdAt: timestamp });

export const postAdminKeys = defineRoute({
  method: 'post',
  path: '/v1/admin-keys',
  audience: 'admin',
  tag: 'Admin keys',
  summary: 'Create an admin key (the key is shown only in this response)',
  body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
  audit: { action: 'admin_key.create', resource: resourceOf('admin_key') },
  status: 201,
  responses: { 201: { description: 'The new key', schema: adminKey.extend({ key: z.string() }) } },
  async handler({ body, res, deps }) {
    const { record, key } = await createAdminKey(deps, body.name);
    res.locals.auditId = record.id;
    return { id: record.id, name: record.name, key, createdAt: record.createdAt };
  },
});

export const getAdminKeys = defineRoute({
  method: 'get',
  path: '/v1/admin-keys',
  audience: 'admin',
  tag: 'Admin keys',
  summary: 'List admin keys (never the keys themselves)',
  status: 200,
  responses: { 200: { description: 'Admin keys', schema: listOf(adminKey) } },
  async handler({ deps }) {
    const keys = await deps.store.adminKeys.list();
    return { data: keys.map(({ id, name, createdAt }) => ({ id, name, createdAt })), nextCursor: null };
  },
});

export const deleteAdminKey = defineRoute({
  method: 'delete',
  path: '/v1/admin-keys/:keyId',
  audience: 'admin',
  tag: 'Admin keys',
  summary: 'Delete an admin key',
  params: adminKeyParams,
  audit: { action: 'admin_key.delete', resource: resourceOf('admin_key', 'keyId') },
  status: 204,
  responses: { 204: { description: 'Deleted' }, 409: { description: 'The key used for this request' } },
  async handler({ params, actor, deps }) {
    if (actor.keyId === params.keyId) {
      throw new HitchError('conflict', 'An admin key cannot delete itself; use another key.');
    }
    if (!(await deps.store.adminKeys.delete(params.keyId))) throw notFound('The admin key');
  },
});
