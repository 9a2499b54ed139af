import { z } from 'zod';
import type { AnyRoute } from '../http/route.ts';
import { problem } from '../schemas/common.ts';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const security = {
  admin: [{ adminKey: [] }],
  widget: [{ widgetToken: [] }],
  public: [],
};

/** The OpenAPI 3.1 document, generated from the same route definitions that validate requests. */
export function openApiDocument(routes: readonly AnyRoute[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{$1}');
    const methods = route.method === 'all' ? ['get', 'post', 'put', 'patch', 'delete'] : [route.method];
    for (const method of methods) (paths[path] ??= {})[method] = operation(route, path);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hitch API',
      version: '1',
      description: 'Admin API (admin key), widget API (widget token) and public endpoints of a Hitch server.',
    },
    servers: [{ url: serverUrl }],
    security: [],
    components: {
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin API key' },
        widgetToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A widget token minted by the admin API' },
      },
      schemas: { Problem: toSchema(problem, 'output') },
    },
    paths,
  };
}

function operation(route: AnyRoute, path: string) {
  const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  const queryShape = (route.query as z.ZodObject | undefined)?.shape ?? {};
  const parameters = [
    ...pathNames.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(queryShape).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: toSchema(schema as z.ZodType, 'input'),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.schema ? { content: { 'application/json': { schema: toSchema(spec.schema, 'output') } } } : {}),
    };
  }
  responses.default = {
    description: 'An error, as RFC 9457 problem JSON',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  return {
    operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    security: security[route.audience],
    ...(route.scope ? { 'x-hitch-scope': route.scope } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...((route.documentedBody ?? route.body)
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.documentedBody ?? route.body, 'input') } } } }
      : {}),
    responses,
  };
}
