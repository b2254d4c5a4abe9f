import express, { type Express } from 'express';
import type { Health } from '../../../lib/admin/protocol.ts';
import type { RpContext } from '../context.ts';
import { OpSettingsError, parseOpSettings } from '../op-settings.ts';

/** The reference RP's admin API (lib/admin/oidc-protocol.ts), under /__accord, in JSON. */
export function mountAdmin(app: Express, ctx: RpContext): void {
  const r = express.Router();
  r.get('/health', (_req, res) => {
    const health: Health = { ok: true, role: 'rp', name: ctx.opts.name, defects: [...ctx.defects] };
    res.json(health);
  });
  r.get('/info', (_req, res) => {
    res.json(ctx.info());
  });
  r.post('/op', (req, res) => {
    try {
      ctx.configure(parseOpSettings(req.is('application/json') ? req.body : undefined));
    } catch (e) {
      if (!(e instanceof OpSettingsError)) throw e;
      res.status(400).json({ error: e.message });
      return;
    }
    res.status(204).end();
  });
  r.get('/trace', (req, res) => {
    const flow = typeof req.query.flow === 'string' && req.query.flow !== '' ? req.query.flow : undefined;
    const sinceRaw = typeof req.query.since === 'string' ? req.query.since : undefined;
    const since = sinceRaw === undefined || sinceRaw === '' ? undefined : Number(sinceRaw);
    if (since !== undefined && !Number.isInteger(since)) {
      res.status(400).json({ error: `since must be an integer sequence number, got "${sinceRaw}"` });
      return;
    }
    res.json(ctx.trace.query({ flow, since }));
  });
  app.use('/__accord', r);
}
