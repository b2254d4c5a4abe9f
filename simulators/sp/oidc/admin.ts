import express, { type Express, type Request } from 'express';
import { PeerLimitError } from '../../../lib/state/peer-store.ts';
import type { SpContext } from '../context.ts';
import { OidcIdpSettingsError, parseOidcIdpSettings } from './idp-settings.ts';
import { oidcIdps, viewOf } from './oidc-idps.ts';
import { oidcUrls } from './urls.ts';

const nameParam = (req: Request) =>
  typeof req.query.name === 'string' && req.query.name !== '' ? req.query.name : undefined;

/**
 * The organisation's OpenID Connect IdPs, under /__accord/oidc-idps, in JSON: POST adds or
 * replaces one (the seed's wizard fields; the name in the body or as ?name=), GET lists them (no
 * client secrets) with the URIs to register at the OP, DELETE /__accord/oidc-idps/<name> removes one.
 */
export function mountOidcAdmin(app: Express, ctx: SpContext): void {
  const r = express.Router();
  r.post('/', (req, res) => {
    try {
      const settings = parseOidcIdpSettings(
        req.is('application/json') ? req.body : undefined,
        nameParam(req),
      );
      const idp = oidcIdps(ctx).put(settings);
      res.status(200).json({ ...viewOf(idp), ...oidcUrls(ctx) });
    } catch (e) {
      if (e instanceof OidcIdpSettingsError) {
        res.status(400).json({ error: e.message, check: 'oidc-idp' });
        return;
      }
      if (e instanceof PeerLimitError) {
        res.status(409).json({ error: e.message, check: 'too-many-idps' });
        return;
      }
      throw e;
    }
  });
  r.get('/', (_req, res) => {
    res.json({ ...oidcUrls(ctx), idps: oidcIdps(ctx).list().map(viewOf) });
  });
  r.get('/:name', (req, res) => {
    const idp = oidcIdps(ctx).get(req.params.name);
    if (!idp) {
      res.status(404).json({ error: `no OpenID Connect IdP is named "${req.params.name}"`, check: 'name' });
      return;
    }
    res.json({ ...viewOf(idp), ...oidcUrls(ctx) });
  });
  r.delete('/:name', (req, res) => {
    if (!oidcIdps(ctx).remove(req.params.name)) {
      res.status(404).json({ error: `no OpenID Connect IdP is named "${req.params.name}"`, check: 'name' });
      return;
    }
    res.status(204).end();
  });
  app.use('/__accord/oidc-idps', r);
}
