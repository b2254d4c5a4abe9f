import type { Express, Response } from 'express';
import { KeyringError } from '../../../lib/pki/keyring.ts';
import type { IdpContext } from '../context.ts';

const BASE = '/__accord/rollover';

/**
 * The signing-key rollover through the admin API (lib/admin/protocol.ts), so any suite or person
 * can drive one: publish a next key beside the current one, promote it, forget retired keys.
 * Each answer is the keyring as it now stands; the metadata follows at once.
 */
export function rolloverRoutes(ctx: IdpContext, app: Express): void {
  const answer = (res: Response, change: () => void) => {
    try {
      change();
    } catch (e) {
      if (!(e instanceof KeyringError)) throw e;
      return void res.status(409).json({ error: e.message, check: 'rollover' });
    }
    res.json(ctx.rollover.view());
  };

  app.get(BASE, (_req, res) => answer(res, () => undefined));

  app.post(`${BASE}/next`, (req, res) => {
    const from = req.query.from ?? 'new';
    if (from !== 'new' && from !== 'retired') {
      return void res.status(400).json({
        error: 'from must be "new" (a fresh key) or "retired" (the newest retired key)',
        check: 'from',
      });
    }
    answer(res, () => ctx.rollover.prepareNext(from));
  });

  app.delete(`${BASE}/next`, (_req, res) => answer(res, () => ctx.rollover.cancelNext()));

  app.post(`${BASE}/promote`, (_req, res) => answer(res, () => ctx.rollover.promote()));

  app.delete(`${BASE}/retired`, (_req, res) => answer(res, () => void ctx.rollover.dropRetired()));
}
