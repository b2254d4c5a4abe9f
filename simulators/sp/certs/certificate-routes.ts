import type { Express, Request, Response } from 'express';
import type { SpContext } from '../context.ts';
import { CertificatesInputError, readRenewInput, readTrustInput } from './admin-input.ts';
import { AlertsQueryError, alertsAt } from './alerts-at.ts';
import { mountCertificateForms } from './certificate-forms.ts';
import { certificatesPage } from './certificates-page.ts';
import { CERTIFICATES_PAGE, sendFormAnswer } from './form-answer.ts';
import { MetadataTrustSettingsError } from './metadata-trust-settings.ts';
import { RenewalStateError } from './sp-certificates.ts';

const BASE = '/__accord/certificates';

/**
 * The administrator's certificate screens (seed "Renew SP certificate", "Certificate expiry alert
 * rules", IdP metadata upload): a JSON admin API under /__accord/certificates and /__accord/metadata-trust,
 * and a page at /certificates whose forms post to the same routes, or, where the API takes no form
 * (metadata upload, trust anchors, the clock), to form routes that call the same code.
 */
export function mountCertificates(app: Express, ctx: SpContext): void {
  app.get(BASE, (_req, res) => void res.json(ctx.certs.view()));
  app.post(`${BASE}/renew`, (req, res) =>
    act(ctx, req, res, () => {
      const input = readRenewInput(req.body);
      ctx.certs.renew(input.idpSupport, input.type);
    }),
  );
  app.post(`${BASE}/idps-updated`, (req, res) =>
    act(ctx, req, res, () => void ctx.certs.confirmIdpsUpdated()),
  );
  app.post(`${BASE}/finish`, (req, res) => act(ctx, req, res, () => void ctx.certs.finish()));
  // "Download metadata or Download certificate".
  app.get(`${BASE}/metadata`, (_req, res) => {
    res
      .status(200)
      .type('application/samlmetadata+xml')
      .set('Content-Disposition', `attachment; filename="${ctx.urls.metadataFileName}"`)
      .send(ctx.metadata);
  });
  app.get(`${BASE}/certificate`, (_req, res) => {
    res
      .status(200)
      .type('application/x-pem-file')
      .set('Content-Disposition', 'attachment; filename="sp-certificate.pem"')
      .send(ctx.certs.newest.certPem);
  });
  app.get(`${BASE}/ca`, (_req, res) => {
    res.status(200).type('application/x-pem-file').send(ctx.testCa().certPem);
  });
  app.get(`${BASE}/alerts`, (req, res) => {
    try {
      res.json(alertsAt(ctx, req.query.at));
    } catch (e) {
      if (!(e instanceof AlertsQueryError)) throw e;
      res.status(400).json({ error: e.message, code: 'at' });
    }
  });
  app.get('/__accord/metadata-trust', (_req, res) => void res.json(ctx.metadataTrust.view()));
  app.put('/__accord/metadata-trust', (req, res) => {
    try {
      const input = readTrustInput(req.body);
      ctx.metadataTrust.set(input.security, input.trustAnchors ?? []);
      res.json(ctx.metadataTrust.view());
    } catch (e) {
      if (!(e instanceof CertificatesInputError || e instanceof MetadataTrustSettingsError)) throw e;
      res.status(400).json({ error: e.message, code: 'metadata-trust' });
    }
  });
  mountCertificateForms(app, ctx);
  app.get(CERTIFICATES_PAGE, (_req, res) => {
    res
      .status(200)
      .type('html')
      .send(certificatesPage(ctx, alertsAt(ctx, undefined)));
  });
}

/** Runs a renewal step; a form post goes back to the page (or to a page saying why not), a JSON call gets the new state. */
function act(ctx: SpContext, req: Request, res: Response, step: () => void): void {
  const fromPage = typeof req.is('application/x-www-form-urlencoded') === 'string';
  try {
    step();
  } catch (e) {
    const refused =
      e instanceof CertificatesInputError
        ? { status: 400, code: 'body' }
        : e instanceof RenewalStateError
          ? { status: 409, code: 'renewal-state' }
          : undefined;
    if (!refused) throw e;
    const message = (e as Error).message;
    if (fromPage)
      sendFormAnswer(res, refused.status, 'Renewal step not taken', { message, code: refused.code });
    else res.status(refused.status).json({ error: message, code: refused.code });
    return;
  }
  if (fromPage) {
    res.redirect(303, CERTIFICATES_PAGE);
    return;
  }
  res.json(ctx.certs.view());
}
