import type { Request, Response } from 'express';
import { escapeXml } from '../../lib/saml/safe-xml.ts';
import { page } from '../shared/pages.ts';
import type { SpContext } from './context.ts';
import type { OutgoingMessage } from './logout-messages.ts';

export function signedOutPage(note: string): string {
  return page(
    'Signed out',
    `<h1>Signed out</h1><div class="ok" id="accord-signed-out"><p>${escapeXml(note)}</p></div><p><a href="/login">Sign in again</a></p>`,
  );
}

export function traceOutgoing(
  ctx: SpContext,
  req: Request,
  kind: string,
  sent: OutgoingMessage,
  info: Record<string, unknown>,
): void {
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'IdP',
    kind,
    binding: sent.binding,
    method: sent.binding === 'HTTP-Redirect' ? 'GET' : 'POST',
    url: sent.url.split('?')[0],
    raw: sent.raw,
    decoded: sent.xml,
    info,
  });
}

export function deliver(res: Response, sent: OutgoingMessage): void {
  if (sent.html) res.status(200).type('html').send(sent.html);
  else res.redirect(302, sent.url);
}
