import { z } from 'zod';

// Path ids are looked up as given: an id that cannot exist is simply not found (404).
export const customerParams = z.object({ id: z.string() });
export const customerConnectionParams = z.object({ id: z.string(), connectionId: z.string() });
export const connectionParams = z.object({ connectionId: z.string() });
export const tokenParams = z.object({ tokenId: z.string() });
export const adminKeyParams = z.object({ keyId: z.string() });
