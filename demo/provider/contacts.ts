/**
 * The contacts API under `/api`: `GET /me`, `GET /contacts`, `POST /contacts`. Every route
 * needs a bearer access token; each user sees only their own contacts.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { bearerAuth, requireScope, type Authenticated } from './bearerAuth.ts';
import type { AcmeUser, Contact, ContactBook } from './contactBook.ts';
import type { TokenStore } from './tokenStore.ts';

export type ContactCreatedListener = (created: { user: AcmeUser; contact: Contact }) => void | Promise<void>;

const newContact = z.strictObject({
  name: z.string().trim().min(1).max(100),
  email: z.email().max(200),
});

export function contactRoutes(tokens: TokenStore, contacts: ContactBook, onContactCreated?: ContactCreatedListener): Router {
  const router = Router();
  router.use(bearerAuth(tokens, contacts));

  router.get('/me', (_req, res) => {
    const { user, grant } = res.locals.auth as Authenticated;
    res.json({ ...user, scopes: grant.scopes });
  });

  router.get('/contacts', requireScope('contacts:read'), (_req, res) => {
    const { user } = res.locals.auth as Authenticated;
    res.json({ data: contacts.list(user) });
  });

  router.post('/contacts', requireScope('contacts:write'), express.json({ limit: '16kb' }), (req, res) => {
    const { user } = res.locals.auth as Authenticated;
    const parsed = newContact.safeParse(req.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return res.status(400).json({ error: 'invalid_request', errors });
    }
    const contact = contacts.add(user, parsed.data);
    res.status(201).json(contact);
    if (onContactCreated) {
      // After the answer: a slow or failing listener (e.g. a webhook) never fails the API call.
      Promise.resolve()
        .then(() => onContactCreated({ user, contact }))
        .catch((error: unknown) => console.warn(`acme-crm: onContactCreated failed: ${(error as Error).message}`));
    }
  });

  return router;
}
