import { z } from 'zod';
import { metadata, pageQuery, timestamp } from './common.ts';

/** `customer_12345`, `acme-corp`: 1–64 of [A-Za-z0-9_.-], starting with a letter or digit. */
export const customerId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 of A-Z a-z 0-9 _ . - and start with a letter or digit');

export const customer = z.object({
  id: customerId,
  name: z.string(),
  email: z.string().nullable(),
  metadata,
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const createCustomerBody = z.strictObject({
  id: customerId.optional(),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).optional(),
  metadata: metadata.optional(),
});

export const updateCustomerBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(320).nullable().optional(),
  metadata: metadata.optional(),
});

export const listCustomersQuery = pageQuery.extend({ q: z.string().max(200).optional() });

export type Customer = z.infer<typeof customer>;
