import type { Request, Response } from 'express';

/**
 * `<type>/<id>` for the audit log: the id a handler created (`res.locals.auditId`), else the
 * path parameter `param`, else `-`.
 */
export const resourceOf =
  (type: string, param?: string) =>
  (req: Request, res: Response): string => {
    const fromPath = param ? (req.params as Record<string, string | undefined>)[param] : undefined;
    return `${type}/${res.locals.auditId ?? fromPath ?? '-'}`;
  };
