import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { errorPage } from '../shared/pages.ts';

export type Handler = (req: Request, res: Response) => void | Promise<void>;

function normalize(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/**
 * Scenario paths matched literally: they come from YAML and may hold characters that Express
 * route syntax would read as patterns. Several endpoints may share a path (AD FS serves SSO and
 * SLO at /adfs/ls/), so a path is registered once with one handler per method.
 */
export class PathTable {
  private readonly routes = new Map<string, Map<string, Handler>>();

  add(path: string, methods: string[], handler: Handler): void {
    const key = normalize(path);
    let byMethod = this.routes.get(key);
    if (!byMethod) {
      byMethod = new Map();
      this.routes.set(key, byMethod);
    }
    for (const m of methods) if (!byMethod.has(m)) byMethod.set(m, handler);
  }

  has(path: string): boolean {
    return this.routes.has(normalize(path));
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const byMethod = this.routes.get(normalize(req.path));
      if (!byMethod) return next();
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const handler = byMethod.get(method);
      if (!handler) {
        const allow = [...byMethod.keys()].join(', ');
        res
          .status(405)
          .set('Allow', allow)
          .type('html')
          .send(errorPage('Method not allowed', 'wrong-binding', `${req.method} ${req.path}: use ${allow}`));
        return;
      }
      Promise.resolve(handler(req, res)).catch(next);
    };
  }
}
