import type { ExpiryAlert } from '../../../lib/pki/expiry-alerts.ts';
import { escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { CERTIFICATES_PAGE } from './form-answer.ts';
import { idpMetadataSection } from './idp-metadata-section.ts';
import type { CertificateSummary } from './sp-certificates.ts';

/**
 * "Review certificates and expiry date": the SP certificates, the renewal under way, the alerts and
 * the clock they are computed from, and the IdPs' metadata (idp-metadata-section.ts).
 */
export function certificatesPage(ctx: SpContext, shown: { at: string; alerts: ExpiryAlert[] }): string {
  const v = ctx.certs.view();
  const row = (label: string, c: CertificateSummary) =>
    `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(c.type)}</td><td>${escapeHtml(c.subject)}</td>` +
    `<td>${escapeHtml(c.notAfter)}</td><td>${c.daysLeft}</td><td><code>${escapeHtml(c.fingerprint256)}</code></td></tr>`;
  const rows = [
    row(v.signingWith === 'current' ? 'current (signing)' : 'current', v.current),
    ...(v.renewal ? [row(v.signingWith === 'next' ? 'new (signing)' : 'new', v.renewal.next)] : []),
    ...v.retired.map((c) => row('retired', c)),
  ].join('');
  const renewal = v.renewal
    ? `<p id="renewal">Renewal for an IdP that supports ${v.renewal.idpSupport === 'multiple' ? 'multiple certificates' : 'a single certificate'}, started ${escapeHtml(v.renewal.startedAt)}.</p>
<p><a href="/__accord/certificates/metadata">Download metadata</a> · <a href="/__accord/certificates/certificate">Download certificate</a></p>
${v.renewal.idpsUpdated ? '' : '<form method="post" action="/__accord/certificates/idps-updated"><button>Successfully updated all the IdPs</button></form>'}
<form method="post" action="/__accord/certificates/finish"><button${v.renewal.idpsUpdated ? '' : ' disabled'}>Finish renewal</button></form>`
    : `<form method="post" action="/__accord/certificates/renew" id="renew">
<fieldset><legend>Type of IdP in your organization</legend>
<label><input type="radio" name="idpSupport" value="multiple" checked> An IdP that supports multiple certificates</label>
<label><input type="radio" name="idpSupport" value="single"> An IdP that supports a single certificate</label></fieldset>
<fieldset><legend>Certificate type</legend>
<label><input type="radio" name="type" value="self-signed" checked> Self-signed (renew once every five years)</label>
<label><input type="radio" name="type" value="ca-signed"> Signed by a public certificate authority (the SP's <a href="/__accord/certificates/ca">test CA</a>, the trust anchor to give an IdP)</label></fieldset>
<button>Renew certificate</button></form>`;
  const alerts = shown.alerts.length
    ? `<table id="alerts"><tr><th>rule</th><th>certificate of</th><th>days before expiry</th><th>raised</th><th>expires</th></tr>${shown.alerts
        .map(
          (a) =>
            `<tr class="alert"><td>SSO ${a.kind === 'sp' ? 'SP' : 'IDP'} Certificate expiry</td><td>${escapeHtml(a.owner)}</td>` +
            `<td>${a.daysBefore}</td><td>${escapeHtml(a.raisedAt)}</td><td>${escapeHtml(a.notAfter)}</td></tr>`,
        )
        .join('')}</table>`
    : '<p id="alerts">No certificate expiry alerts.</p>';
  const clock = ctx.opts.clockSetting.view();
  const clockForm = `<p id="clock">Clock the alerts are computed from: <time>${escapeHtml(clock.now)}</time>${clock.set ? ` (set, ${clock.offsetSeconds} s from the system clock)` : ''}</p>
<form method="post" action="${CERTIFICATES_PAGE}/clock" id="set-clock"><label>Set the clock to <input name="now" value="${escapeHtml(clock.now)}" size="30" required></label> <button>Set clock</button></form>
${clock.set ? `<form method="post" action="${CERTIFICATES_PAGE}/clock/reset"><button>Reset clock</button></form>` : ''}`;
  return page(
    'Service Provider (SP) certificates',
    `<h1>Service Provider (SP) certificates</h1>
<table><tr><th></th><th>type</th><th>subject</th><th>expires</th><th>days left</th><th>SHA-256</th></tr>${rows}</table>
<h2>Renew SP certificate</h2>
${renewal}
<h2>Certificate expiry alerts (${escapeHtml(shown.at)})</h2>${alerts}
${clockForm}
${idpMetadataSection(ctx)}`,
  );
}
