import { describeCertificate } from '../../../lib/pki/certificate.ts';
import { escapeHtml } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { CERTIFICATES_PAGE } from './form-answer.ts';

/**
 * The certificates page's IdP side (seed "Renew IdP certificate"): the trusted IdPs and when their
 * signing certificates expire, "Upload IdP metadata" less or more secure, and the trust anchors
 * "more secure" chains to.
 */
export function idpMetadataSection(ctx: SpContext): string {
  const now = ctx.opts.clock();
  const expiry = (pem: string) => {
    try {
      return escapeHtml(describeCertificate(pem, now).notAfter.toISOString());
    } catch {
      return 'unreadable certificate';
    }
  };
  const idps = ctx.peers.list();
  const idpRows = idps
    .map(
      (idp) =>
        `<tr><td>${escapeHtml(idp.entityId)}</td><td>${idp.signingCerts.map(expiry).join('<br>')}</td>` +
        `<td>${idp.metadataSigned ? 'signed' : 'unsigned'}</td><td>${escapeHtml(idp.addedAt)}</td></tr>`,
    )
    .join('');
  const idpTable = idps.length
    ? `<table id="idps"><tr><th>entityID</th><th>signing certificates expire</th><th>metadata</th><th>uploaded</th></tr>${idpRows}</table>`
    : '<p id="idps">No IdP is trusted yet.</p>';
  const more = ctx.metadataTrust.security === 'more';
  const anchors = ctx.metadataTrust.anchors.map((pem) => describeCertificate(pem, now));
  const anchorRows = anchors
    .map(
      (a) =>
        `<tr class="anchor"><td>${escapeHtml(a.subject)}</td><td>${escapeHtml(a.notAfter.toISOString())}</td>` +
        `<td><code>${escapeHtml(a.fingerprint256)}</code></td><td><form method="post" action="${CERTIFICATES_PAGE}/trust-anchors/remove">` +
        `<input type="hidden" name="fingerprint256" value="${escapeHtml(a.fingerprint256)}"><button>Remove</button></form></td></tr>`,
    )
    .join('');
  const anchorTable = anchors.length
    ? `<table id="trust-anchors"><tr><th>subject</th><th>expires</th><th>SHA-256</th><th></th></tr>${anchorRows}</table>`
    : '<p id="trust-anchors">No trust anchors: "More secure" refuses all metadata until one is added.</p>';
  return `<h2>Identity providers</h2>${idpTable}
<h3>Upload IdP metadata</h3>
<form method="post" action="${CERTIFICATES_PAGE}/idp-metadata" id="upload-idp-metadata">
<label>IdP metadata (the XML of the metadata file) <textarea name="metadata" rows="8" cols="80" required></textarea></label>
<fieldset><legend>How your IdP metadata is signed</legend>
<label><input type="radio" name="security" value="less"${more ? '' : ' checked'}> Less secure (self-signed): self-signed or unsigned metadata is accepted</label>
<label><input type="radio" name="security" value="more"${more ? ' checked' : ''}> More secure (signed by a public CA): the metadata must be signed by a certificate that chains to a trust anchor</label></fieldset>
<button>Save</button></form>
<h3>Trust anchors</h3>
<p>Trust anchors are public keys that act as an authority to verify a digital signature's certificate.</p>
${anchorTable}
<form method="post" action="${CERTIFICATES_PAGE}/trust-anchors" id="add-trust-anchor">
<label>CA certificate (PEM) <textarea name="pem" rows="6" cols="80" required></textarea></label>
<button>Add trust anchor</button></form>`;
}
