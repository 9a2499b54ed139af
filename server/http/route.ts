import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor, AdminActor, WidgetActor } from '../auth/actor.ts';
import type { AppDeps } from '../deps.ts';
import type { WidgetScope } from '../schemas/tokens.ts';

export type Audience = 'admin' | 'widget' | 'public';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type ActorOf<A extends Audience> = A extends 'admin' ? AdminActor : A extends 'widget' ? WidgetActor : Actor | undefined;

export interface HandlerContext<A extends Audience, B, Q, P> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  actor: ActorOf<A>;
  deps: AppDeps;
  req: Request;
  res: Response;
}

/** A response with a status other than the route's default. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export interface AuditSpec {
  /** `<resource type>.<verb>`, such as `customer.create`. */
  action: string;
  /** `<type>/<id>`; reads raw params, since it also runs when validation fails. */
  resource(req: Request, res: Response): string;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

/**
 * One endpoint: its contract (schemas, audience, scope, audit action) and its handler.
 * The same object builds the Express route, validates input and generates the OpenAPI document.
 */
export interface Route<A extends Audience = Audience, B = unknown, Q = unknown, P = unknown> {
  method: Method;
  path: string;
  audience: A;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body as the OpenAPI document shows it, when the handler picks its schema itself. */
  documentedBody?: z.ZodType;
  /** Largest accepted body; default 64 KB. */
  bodyLimit?: string;
  /** Read the body as raw bytes of any type into `req.body` (a Buffer), unvalidated: the proxy. */
  rawBody?: boolean;
  scope?: WidgetScope;
  audit?: AuditSpec;
  /** The path's `:id` is a customer id: the route joins the cross-tenant test matrix. */
  customerScoped?: boolean;
  /**
   * Counts against the customer's `requestsPerMinute` (429 `rate_limited` past it, RateLimit
   * headers always). Default: true for widget routes; admin routes (the proxy) opt in and name
   * the customer with `:id`.
   */
  rateLimited?: boolean;
  status: number;
  responses: Record<number, ResponseSpec>;
  handler(context: HandlerContext<A, B, Q, P>): unknown;
}

export type AnyRoute = Route<Audience, any, any, any>;

export function defineRoute<
  A extends Audience,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(route: Route<A, B, Q, P>): Route<A, B, Q, P> {
  return route;
}
