import { NS } from '../../../lib/saml/namespaces.ts';
import { childElements, descendants, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';

/** What an IdP asserted, as a Response's (first) assertion carries it. */
export interface AssertedIdentity {
  nameId: string;
  attributes: Array<{ name: string; friendlyName?: string; values: string[] }>;
}

/** What an SP showed its application: the JSON of a profile's login.echo page. */
export interface EchoedIdentity {
  nameId?: string;
  attributes: Record<string, string[]>;
}

export type AttributeNaming = 'as-sent' | 'cgi';

export function assertedIdentity(responseXml: string): AssertedIdentity {
  const root = parseUntrustedXml(responseXml, 'Response', Number.MAX_SAFE_INTEGER).documentElement!;
  const assertion = descendants(root, NS.saml, 'Assertion')[0];
  if (!assertion) throw new Error('the Response carries no plain saml:Assertion');
  const subject = firstChild(assertion, NS.saml, 'Subject');
  const attributes = descendants(assertion, NS.saml, 'Attribute').map((a) => ({
    name: a.getAttribute('Name') ?? '',
    friendlyName: a.getAttribute('FriendlyName') || undefined,
    values: childElements(a, NS.saml, 'AttributeValue').map((v) => v.textContent ?? ''),
  }));
  return { nameId: (subject && firstChild(subject, NS.saml, 'NameID')?.textContent) ?? '', attributes };
}

/** The echo JSON, or an error naming what is wrong with it. */
export function parseEcho(text: string, where: string): EchoedIdentity {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: the echo is not JSON (${(e as Error).message})`);
  }
  const o = doc as { nameId?: unknown; attributes?: unknown };
  if (!o || typeof o !== 'object' || !o.attributes || typeof o.attributes !== 'object') {
    throw new Error(`${where}: the echo must be a JSON object with "attributes": {name: [values]}`);
  }
  const attributes: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(o.attributes as Record<string, unknown>)) {
    attributes[k] = (Array.isArray(v) ? v : [v]).map(String);
  }
  return { nameId: typeof o.nameId === 'string' ? o.nameId : undefined, attributes };
}

const cgiName = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Every difference between what the IdP asserted and what the application was given: a NameID
 * changed, an attribute missing, a value lost or altered. An attribute is found under its Name or
 * its FriendlyName (SPs commonly key by either), spelt as the profile says the SP names them.
 */
export function echoDifferences(
  asserted: AssertedIdentity,
  echo: EchoedIdentity,
  naming: AttributeNaming,
): string[] {
  const spell = naming === 'cgi' ? cgiName : (n: string) => n;
  const out: string[] = [];
  if (echo.nameId !== undefined && echo.nameId !== asserted.nameId) {
    out.push(
      `NameID: asserted ${JSON.stringify(asserted.nameId)}, the application got ${JSON.stringify(echo.nameId)}`,
    );
  }
  for (const a of asserted.attributes) {
    const keys = [a.name, a.friendlyName].filter((k): k is string => !!k).map(spell);
    const key = keys.find((k) => k in echo.attributes);
    if (!key) {
      out.push(`attribute ${a.name} (${a.values.length} value(s)) is not among what the application got`);
      continue;
    }
    const got = echo.attributes[key];
    const missing = a.values.filter((v) => !got.includes(v));
    if (missing.length > 0 || got.length !== a.values.length) {
      out.push(
        `attribute ${a.name}: asserted ${JSON.stringify(a.values)}, the application got ${JSON.stringify(got)}`,
      );
    }
  }
  return out;
}
