import type { IdpMetadataOptions } from '../../saml/metadata/build-idp-metadata.ts';
import type { NameIdFormat, Scenario, ScenarioPaths } from '../types.ts';

export type WsFedDescriptors = NonNullable<IdpMetadataOptions['wsFed']>;

/** Where a scenario's IdP is reachable, for the parts of its metadata a profile writes. */
export interface VendorMetadataContext {
  scenario: Scenario;
  /** The simulator's URL, without trailing slash. */
  baseUrl: string;
  /** The scenario's idp.tenantId, or '' without one. */
  tenantId: string;
  /** The entityID with its placeholders filled. */
  entityId: string;
  /** The absolute SingleSignOnService URL. */
  ssoUrl: string;
}

/**
 * Everything Accord knows of one IdP product. A scenario names one by its `vendor`; every part of
 * Accord that behaves differently per product reads it from here, so that imitating a new product
 * is one profile and one scenario.
 */
export interface VendorProfile {
  /** The scenario's `vendor` value: lower-case letters, digits and dashes. */
  readonly id: string;
  /** The product's name, as its administrators say it. */
  readonly product: string;
  /** The path of each endpoint a scenario leaves out of idp.paths; may contain {tenant_id}. */
  readonly paths: Readonly<ScenarioPaths>;
  /** The login page and token-signing certificate, so that a tester sees which product is played. */
  readonly look: {
    /** Login page title, as the product shows it. */
    readonly title: string;
    /** Heading above the form. */
    readonly heading: string;
    /** Subject CN of the token-signing certificate; `host` is `<scenario id>.accord.test`. */
    signingCommonName(host: string): string;
    /** Subject O of the token-signing certificate. */
    readonly organization: string;
  };
  readonly metadata: {
    /** NameID formats the product's metadata lists after the scenario's own, in the product's order. */
    readonly nameIdFormats: readonly NameIdFormat[];
    /** The WS-Federation RoleDescriptors, published when the scenario sets idp.metadata.wsFedRoleDescriptors. */
    wsFed(at: VendorMetadataContext): WsFedDescriptors;
  };
  /**
   * How the product's sign-in page asks: the user name alone first, the password after "Next"
   * (identifier-first), and "Stay signed in?" once the password is right. A target profile of a
   * product that does either says so in its loginForm (next, after).
   */
  readonly signIn: { readonly identifierFirst: boolean; readonly staySignedIn: boolean };
  /** The query parameter that names the SP in the product's IdP-initiated sign-on URL. */
  readonly idpInitiatedSpParameter: string;
  /**
   * Attribute names the product sends that an SP administrator maps to the user's attributes
   * (seed, "Edit SAML mapping"). Names every SP knows (the xmlsoap claim URIs, the OIDs, Webex's
   * own) may be left out.
   */
  readonly claims: {
    readonly firstName: readonly string[];
    readonly lastName: readonly string[];
    readonly groups: readonly string[];
  };
}
