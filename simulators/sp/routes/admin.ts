import express, { type Express } from 'express';
import type { Health } from '../../../lib/admin/protocol.ts';
import { SamlInputError } from '../../../lib/saml/errors.ts';
import { PeerLimitError } from '../../../lib/state/peer-store.ts';
import { sendTrace } from '../../shared/send-trace.ts';
import { admitUpload } from '../certs/admit-upload.ts';
import { MetadataTrustError } from '../certs/metadata-trust.ts';
import { MetadataTrustSettingsError } from '../certs/metadata-trust-settings.ts';
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
      const trust = admitUpload(ctx, req.body, req.query.security);
      const idp = ctx.peers.add(req.body);
      res.status(200).set('Accord-Metadata-Trust', trust.detail).json({ entityId: idp.entityId });
    } catch (e) {
      if (e instanceof MetadataTrustError || e instanceof MetadataTrustSettingsError) {
        res
          .status(400)
          .json({ error: e.message, code: e instanceof MetadataTrustError ? e.code : 'security' });
        return;
      }
      if (e instanceof SamlInputError) {
        res.status(400).json({ error: e.message, code: e.code });
        return;
      }
      if (e instanceof PeerLimitError) {
        res.status(409).json({ error: e.message, code: 'too-many-peers' });
        return;
      }
      throw e;
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
