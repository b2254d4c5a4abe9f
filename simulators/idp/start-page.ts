import { escapeHtml, page } from '../shared/pages.ts';
import { TRACE_PAGE_PATH } from '../shared/trace-page.ts';
import type { IdpContext } from './context.ts';

/**
 * The IdP's start page, for a person clicking through: the test users with their passwords, an
 * IdP-initiated sign-in link per trusted SP, the metadata, and the decoded trace.
 */
export function idpStartPage(ctx: IdpContext): string {
  const i = ctx.info();
  const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const users = ctx.testUsers();
  const userRows = users
    .map(
      (u) =>
        `<tr><td><code>${escapeHtml(u.username)}</code></td><td><code>${escapeHtml(u.password)}</code></td><td>${escapeHtml(u.email)}</td><td>${escapeHtml(u.displayName)}</td></tr>`,
    )
    .join('');
  const peers = ctx.peers.list();
  const offersIdpInitiated = ctx.scenario.idp.idpInitiated && !ctx.defects.includes('no-idp-initiated');
  const peerItems = peers
    .map((p) => {
      const start = `${i.idpInitiatedUrl}${i.idpInitiatedUrl.includes('?') ? '&' : '?'}sp=${encodeURIComponent(p.entityId)}`;
      return `<li><code>${escapeHtml(p.entityId)}</code>${offersIdpInitiated ? ` — ${link(start, 'sign in to it (IdP-initiated)')}` : ''}</li>`;
    })
    .join('');
  return page(
    `${ctx.look.heading} (Accord)`,
    `<h1>${escapeHtml(ctx.look.heading)}</h1><p>${escapeHtml(ctx.scenario.title)}</p>
<p>entityID <code>${escapeHtml(i.entityId)}</code></p>
<ul><li>${link(i.metadataUrl, 'Metadata')}</li><li>${link(ctx.url(ctx.paths.login), 'Sign in')}</li><li>${link(ctx.url(TRACE_PAGE_PATH), 'Trace: the last messages, decoded')}</li><li>${link(ctx.url('/__accord/test-users'), 'Test users (JSON)')}</li></ul>
<h2>Trusted SPs</h2>
${peers.length ? `<ul id="trusted-sps">${peerItems}</ul>` : '<p>None yet: start this IdP with <code>--trust SP-METADATA-URL</code>, or POST SP metadata to <code>/__accord/peers</code>.</p>'}
${offersIdpInitiated ? '' : '<p>This scenario does not offer IdP-initiated sign-on.</p>'}
<h2>Test users</h2>
<table id="test-users"><tr><th>username</th><th>password</th><th>email</th><th>name</th></tr>${userRows}</table>
${users.length < ctx.scenario.users.length ? `<p>and ${ctx.scenario.users.length - users.length} more in the directory (${link(ctx.url('/__accord/test-users'), 'JSON')}).</p>` : ''}`,
  );
}
