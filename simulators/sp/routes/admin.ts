import express, { type Express } from 'express';
import type { Health } from '../../../lib/admin/protocol.ts';
import { sendTrace } from '../../shared/send-trace.ts';
import { uploadIdpMetadata, uploadRefusal } from '../certs/admit-upload.ts';
import type { SpContext } from '../context.ts';

/** The admin API of lib/admin/protocol.ts, under /__accord, in JSON. */
export function mountAdmin(app: Express, ctx: SpContext): void {
  const r = express.Router();
  r.get('/health', (_req, res) => {
    const health: Health = { ok: true, role: 'sp', name: ctx.opts.name, defects: [...ctx.opts.defects] };
    res.json(health);
  });
  r.get('/info', (_req, res) => {
    res.json(ctx.info());
  });
  r.post('/peers', (req, res) => {
    if (typeof req.body !== 'string' || req.body.trim() === '') {
      res
        .status(400)
        .json({ error: 'send the IdP metadata XML as the request body (Content-Type: application/xml)' });
      return;
    }
    try {
      const { entityId, trust } = uploadIdpMetadata(ctx, req.body, req.query.security);
      res.status(200).set('Accord-Metadata-Trust', trust.detail).json({ entityId });
    } catch (e) {
      const refused = uploadRefusal(e);
      if (!refused) throw e;
      res.status(refused.status).json({ error: refused.message, code: refused.code });
    }
  });
  r.delete('/peers', (req, res) => {
    const entityId = req.query.entityId;
    if (typeof entityId !== 'string' || entityId === '') {
      res.status(400).json({ error: 'name the IdP to stop trusting: ?entityId=…, once', code: 'entityId' });
      return;
    }
    if (!ctx.peers.remove(entityId)) {
      res.status(404).json({ error: `no trusted IdP has entityID ${entityId}`, code: 'entityId' });
      return;
    }
    res.status(204).end();
  });
  r.get('/peers', (_req, res) => {
    res.json(ctx.peers.list());
  });
  r.get('/trace', (req, res) => {
    const flow = typeof req.query.flow === 'string' && req.query.flow !== '' ? req.query.flow : undefined;
    const sinceRaw = typeof req.query.since === 'string' ? req.query.since : undefined;
    const since = sinceRaw === undefined || sinceRaw === '' ? undefined : Number(sinceRaw);
    if (since !== undefined && !Number.isInteger(since)) {
      res.status(400).json({ error: `since must be an integer sequence number, got "${sinceRaw}"` });
      return;
    }
    sendTrace(res, ctx.trace, { flow, since });
  });
  r.get('/users', (_req, res) => {
    res.json(ctx.users.list());
  });
  app.use('/__accord', r);
}
