import { AdminClient } from './admin-client.ts';

/** Seed ("Renew SP certificate", step 6): "Choose the type of IdP in your organization". */
export type IdpCertificateSupport = 'multiple' | 'single';
/** Step 7: "Self-signed by Cisco" or "Signed by a public certificate authority". */
export type SpCertificateType = 'self-signed' | 'ca-signed';

export interface CertificateSummary {
  type: SpCertificateType;
  subject: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  fingerprint256: string;
}

/** GET /__accord/certificates of the reference SP, and the answer of each renewal step. */
export interface CertificatesView {
  current: CertificateSummary;
  signingWith: 'current' | 'next';
  renewal: {
    idpSupport: IdpCertificateSupport;
    startedAt: string;
    idpsUpdated: boolean;
    next: CertificateSummary;
  } | null;
  retired: CertificateSummary[];
}

/** The reference SP's certificate renewal, through its admin API, as an administrator drives it. */
export class SpCertificatesClient extends AdminClient {
  view(): Promise<CertificatesView> {
    return this.call('/certificates');
  }

  renew(idpSupport: IdpCertificateSupport, type: SpCertificateType): Promise<CertificatesView> {
    return this.send('POST', '/certificates/renew', { idpSupport, type });
  }

  /** "Successfully updated all the IdPs": the SP signs with the new key from now on. */
  idpsUpdated(): Promise<CertificatesView> {
    return this.send('POST', '/certificates/idps-updated', {});
  }

  /** "Finish renewal": the old key is retired. */
  finish(): Promise<CertificatesView> {
    return this.send('POST', '/certificates/finish', {});
  }

  /** The newest SP certificate (PEM): "Download certificate". */
  async certificate(): Promise<string> {
    const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/__accord/certificates/certificate`);
    if (!res.ok) throw new Error(`GET ${res.url} answered ${res.status}`);
    return res.text();
  }
}
