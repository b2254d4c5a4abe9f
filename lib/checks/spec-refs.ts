/**
 * The documents checks cite. A check names a document and a section instead of a free sentence,
 * so that reports can link the document and code that enforces a rule can import the reference
 * from the catalog rather than restate it.
 */
export const SPEC_DOCS = {
  samlCore: {
    cite: 'SAML core',
    title: 'Assertions and Protocols for the OASIS Security Assertion Markup Language (SAML) V2.0',
    url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf',
  },
  samlBindings: {
    cite: 'SAML bindings',
    title: 'Bindings for the OASIS Security Assertion Markup Language (SAML) V2.0',
    url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf',
  },
  samlProfiles: {
    cite: 'SAML profiles',
    title: 'Profiles for the OASIS Security Assertion Markup Language (SAML) V2.0',
    url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf',
  },
  samlMetadata: {
    cite: 'SAML metadata',
    title: 'Metadata for the OASIS Security Assertion Markup Language (SAML) V2.0',
    url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf',
  },
  saml2int: {
    cite: 'saml2int',
    title: 'SAML V2.0 Interoperability Deployment Profile (saml2int) 2.0',
    url: 'https://kantarainitiative.github.io/SAMLprofiles/saml2int.html',
  },
  xmldsig: {
    cite: 'W3C XML Signature 1.1',
    title: 'XML Signature Syntax and Processing Version 1.1',
    url: 'https://www.w3.org/TR/xmldsig-core1/',
  },
  xmlenc: {
    cite: 'XML Encryption 1.1',
    title: 'XML Encryption Syntax and Processing Version 1.1',
    url: 'https://www.w3.org/TR/xmlenc-core1/',
  },
  xml: {
    cite: 'W3C XML 1.0',
    title: 'Extensible Markup Language (XML) 1.0',
    url: 'https://www.w3.org/TR/xml/',
  },
  seed: {
    cite: 'seed:',
    title: 'Webex Control Hub and Entra ID single sign-on documentation',
    url: 'https://help.webex.com/en-us/article/lfu88u/Single-sign-on-integration-in-Control-Hub',
  },
  xswPaper: {
    cite: 'Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012',
    title: 'On Breaking SAML: Be Whoever You Want to Be',
    url: 'https://www.usenix.org/conference/usenixsecurity12/technical-sessions/presentation/somorovsky',
  },
  cve: { cite: '', title: 'CVE record', url: 'https://www.cve.org/CVERecord?id={section}' },
  cwe: {
    cite: 'CWE-',
    title: 'Common Weakness Enumeration',
    url: 'https://cwe.mitre.org/data/definitions/{section}.html',
  },
  nist800131a: {
    cite: 'NIST SP 800-131A Rev. 2',
    title: 'Transitioning the Use of Cryptographic Algorithms and Key Lengths',
    url: 'https://csrc.nist.gov/pubs/sp/800/131/a/r2/final',
  },
  owaspXxe: {
    cite: 'OWASP XXE Prevention Cheat Sheet',
    title: 'XML External Entity Prevention Cheat Sheet',
    url: 'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
  },
  oidcCore: {
    cite: 'OIDC Core',
    title: 'OpenID Connect Core 1.0 incorporating errata set 2',
    url: 'https://openid.net/specs/openid-connect-core-1_0.html',
  },
  oidcDiscovery: {
    cite: 'OIDC Discovery',
    title: 'OpenID Connect Discovery 1.0 incorporating errata set 2',
    url: 'https://openid.net/specs/openid-connect-discovery-1_0.html',
  },
  oidcRpLogout: {
    cite: 'OIDC RP-Initiated Logout',
    title: 'OpenID Connect RP-Initiated Logout 1.0',
    url: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html',
  },
  oidcBackChannel: {
    cite: 'OIDC Back-Channel Logout',
    title: 'OpenID Connect Back-Channel Logout 1.0',
    url: 'https://openid.net/specs/openid-connect-backchannel-1_0.html',
  },
  rfc: { cite: 'RFC ', title: 'IETF RFC', url: 'https://www.rfc-editor.org/rfc/rfc{section}' },
  oidf: {
    cite: 'OpenID Foundation conformance test',
    title: 'OpenID Foundation conformance suite test module',
    url: 'https://openid.net/certification/',
  },
  note: { cite: '', title: '', url: '' },
} as const satisfies Record<string, { cite: string; title: string; url: string }>;

export type SpecDoc = keyof typeof SPEC_DOCS;

/** One cited clause: a document, the section within it, and what in that section is meant. */
export interface SpecRef {
  doc: SpecDoc;
  section?: string;
  /** What of the section applies, or (for `note`) a rationale that is no clause. */
  detail?: string;
}

const at =
  (doc: SpecDoc) =>
  (section?: string, detail?: string): SpecRef => ({
    doc,
    ...(section ? { section } : {}),
    ...(detail ? { detail } : {}),
  });

export const samlCore = at('samlCore');
export const samlBindings = at('samlBindings');
export const samlProfiles = at('samlProfiles');
export const samlMetadata = at('samlMetadata');
export const saml2int = at('saml2int');
export const xmldsig = at('xmldsig');
export const xmlenc = at('xmlenc');
export const xml = at('xml');
export const seed = at('seed');
export const xswPaper = at('xswPaper');
export const cve = at('cve');
export const cwe = at('cwe');
export const nist800131a = at('nist800131a');
export const owaspXxe = at('owaspXxe');
export const oidcCore = at('oidcCore');
export const oidcDiscovery = at('oidcDiscovery');
export const oidcRpLogout = at('oidcRpLogout');
export const oidcBackChannel = at('oidcBackChannel');
/** An IETF RFC: `rfc(7636, '4.2')` cites RFC 7636 section 4.2. */
export const rfc = (num: number, section?: string, detail?: string): SpecRef => ({
  doc: 'rfc',
  section: String(num),
  ...(section || detail ? { detail: [section, detail].filter(Boolean).join(' ') } : {}),
});
/** The OpenID Foundation conformance-suite test module a check corresponds to, by its test name. */
export const oidf = (module: string): SpecRef => ({ doc: 'oidf', section: module });
/** A rationale that is not a clause of any document: shown beside the references. */
export const note = (text: string): SpecRef => ({ doc: 'note', detail: text });

/** The reference as one line of text, the way the catalog used to spell it. */
export function citeRef(r: SpecRef): string {
  const doc = SPEC_DOCS[r.doc];
  if (r.doc === 'note') return r.detail ?? '';
  const head =
    r.doc === 'cwe' || r.doc === 'rfc'
      ? `${doc.cite}${r.section ?? ''}`
      : [doc.cite, r.section].filter(Boolean).join(' ');
  return r.detail ? `${head} ${r.detail}` : head;
}

export function citeRefs(refs: readonly SpecRef[]): string {
  return refs.map(citeRef).join('; ');
}

/** Where a reader finds the document a reference cites, if it is public. */
export function refUrl(r: SpecRef): string | undefined {
  const url: string = SPEC_DOCS[r.doc].url;
  if (!url) return undefined;
  return url.replace('{section}', encodeURIComponent(r.section ?? ''));
}

/** Documents that name a vulnerability class or an attack, not a protocol requirement. */
const VULNERABILITY_DOCS: ReadonlySet<SpecDoc> = new Set(['cve', 'cwe', 'owaspXxe', 'xswPaper']);

/**
 * Whether a requirement comes from a vulnerability class (a CVE, a CWE, a published attack) rather
 * than a protocol clause: it cites one, and any clause it cites besides does not require the
 * behaviour (its note says so).
 */
export function fromVulnerabilityClass(refs: readonly SpecRef[]): boolean {
  return (
    refs.some((r) => VULNERABILITY_DOCS.has(r.doc)) &&
    refs.some((r) => r.doc === 'note' && /vulnerability class/.test(r.detail ?? ''))
  );
}
