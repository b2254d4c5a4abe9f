import { X509Certificate } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { SamlInputError } from '../../../lib/saml/errors.ts';
import { ClockInputError, readClockSetting } from '../../shared/settable-clock.ts';
import type { SpContext } from '../context.ts';
import { singleParam } from '../http.ts';
import { CertificatesInputError, readTrustInput } from './admin-input.ts';
import { uploadIdpMetadata, uploadRefusal } from './admit-upload.ts';
import { CERTIFICATES_PAGE, FormInputError, sendFormAnswer } from './form-answer.ts';
import { MetadataTrustSettingsError } from './metadata-trust-settings.ts';

/** What each refusal of "more secure" means, in the words the page answers with. */
const REFUSED: Record<string, string> = {
  'metadata-unsigned': 'unsigned',
  'metadata-tampered': 'tampered',
  'metadata-untrusted': 'untrusted',
};

/**
 * The certificates page's forms that the JSON admin API has no form post for: IdP metadata upload,
 * trust anchors, the clock. Each reads the form and calls the code the admin API calls.
 */
export function mountCertificateForms(app: Express, ctx: SpContext): void {
  // Seed ("Renew IdP certificate", step 6): "Choose Less secure (self-signed) or More secure
  // (signed by a public CA), depending on how your IdP metadata is signed and click Save."
  app.post(`${CERTIFICATES_PAGE}/idp-metadata`, (req, res) =>
    form(res, 'IdP metadata not uploaded', () => {
      const xml = required(req, 'metadata', 'paste the IdP metadata XML');
      const security = required(
        req,
        'security',
        'choose Less secure (self-signed) or More secure (signed by a public CA)',
      );
      let uploaded: ReturnType<typeof uploadIdpMetadata>;
      try {
        uploaded = uploadIdpMetadata(ctx, xml, security);
      } catch (e) {
        const refused = uploadRefusal(e);
        if (!refused) throw e;
        const which = REFUSED[refused.code];
        const title = which ? `IdP metadata refused: ${which}` : 'IdP metadata refused';
        sendFormAnswer(res, refused.status, title, { message: refused.message, code: refused.code });
        return;
      }
      sendFormAnswer(res, 200, 'IdP metadata uploaded', {
        message: `${uploaded.entityId} is trusted (${uploaded.trust.detail}).`,
        code: uploaded.trust.security,
      });
    }),
  );
  app.post(`${CERTIFICATES_PAGE}/trust-anchors`, (req, res) =>
    form(res, 'Trust anchor not added', () => {
      const pem = required(req, 'pem', 'paste the CA certificate (PEM)');
      const { security, anchors } = ctx.metadataTrust;
      setTrust(ctx, 'pem', { security, trustAnchors: [...anchors, pem] });
      res.redirect(303, CERTIFICATES_PAGE);
    }),
  );
  app.post(`${CERTIFICATES_PAGE}/trust-anchors/remove`, (req, res) =>
    form(res, 'Trust anchor not removed', () => {
      const fingerprint = required(req, 'fingerprint256', 'name the trust anchor to remove');
      const { security, anchors } = ctx.metadataTrust;
      const kept = anchors.filter((pem) => new X509Certificate(pem).fingerprint256 !== fingerprint);
      if (kept.length === anchors.length) {
        throw new FormInputError('fingerprint256', `fingerprint256: no trust anchor has ${fingerprint}`);
      }
      setTrust(ctx, 'fingerprint256', { security, trustAnchors: kept });
      res.redirect(303, CERTIFICATES_PAGE);
    }),
  );
  app.post(`${CERTIFICATES_PAGE}/clock`, (req, res) =>
    form(res, 'Clock not set', () => {
      const now = required(req, 'now', 'give the date-time to set the clock to');
      try {
        ctx.opts.clockSetting.set(readClockSetting({ now: now.trim() }, 'form'));
      } catch (e) {
        if (e instanceof ClockInputError) throw new FormInputError(e.field, e.message);
        throw e;
      }
      res.redirect(303, CERTIFICATES_PAGE);
    }),
  );
  app.post(`${CERTIFICATES_PAGE}/clock/reset`, (_req, res) => {
    ctx.opts.clockSetting.reset();
    res.redirect(303, CERTIFICATES_PAGE);
  });
}

/** Runs a form's step; a field at fault is a 400 page naming it. */
function form(res: Response, title: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    if (!(e instanceof FormInputError)) throw e;
    sendFormAnswer(res, 400, title, { message: e.message, code: e.field });
  }
}

/** One non-blank value of a form field, or a FormInputError naming it and saying what it needs. */
function required(req: Request, field: string, need: string): string {
  let v: string | undefined;
  try {
    v = singleParam(req.body, field);
  } catch (e) {
    if (e instanceof SamlInputError) throw new FormInputError(field, `${field}: ${e.message}`);
    throw e;
  }
  if (v === undefined || v.trim() === '') throw new FormInputError(field, `${field} is missing: ${need}`);
  return v;
}

/** The trust settings, through the checks PUT /__accord/metadata-trust applies. */
function setTrust(ctx: SpContext, field: string, body: unknown): void {
  try {
    const input = readTrustInput(body);
    ctx.metadataTrust.set(input.security, input.trustAnchors ?? []);
  } catch (e) {
    if (e instanceof CertificatesInputError || e instanceof MetadataTrustSettingsError) {
      throw new FormInputError(field, `${field}: ${e.message}`);
    }
    throw e;
  }
}
