import {
  cve,
  note,
  oidcBackChannel,
  oidcCore,
  oidcDiscovery,
  oidcRpLogout,
  oidf,
  rfc,
  seed,
} from './spec-refs.ts';
import type { CheckSpec } from './types.ts';

/**
 * Signature checks are SHOULD in the authorization code flow: OIDC Core 3.1.3.7 (6) lets a client
 * that receives the ID token straight from the token endpoint rely on TLS server validation in
 * place of the signature. The OpenID Foundation's Basic RP plan still requires them.
 */
const CODE_FLOW_SIGNATURE = note(
  'In the code flow the ID token comes straight from the token endpoint, and OIDC Core 3.1.3.7 (6) lets the client rely on TLS instead of the signature: hence SHOULD. The OpenID Foundation Basic RP certification requires the refusal.',
);

/** Checks that judge a target playing the OIDC relying party, observed by the OP simulator and the browser. */
export const RP_CHECKS = {
  'RP-AUTHZ-01': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'The authentication request is an authorization code request: response_type=code, the registered client_id, and a scope containing openid',
    refs: [oidcCore('3.1.2.1'), rfc(6749, '4.1.1'), oidf('oidcc-client-test')],
  },
  'RP-AUTHZ-REDIRECT': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'redirect_uri exactly matches a redirection URI registered for the client',
    refs: [oidcCore('3.1.2.1 (redirect_uri)'), rfc(6749, '3.1.2.3')],
  },
  'RP-AUTHZ-CSRF': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'The authentication request is bound to the browser that made it: it carries state, a nonce or a PKCE code_challenge',
    refs: [rfc(6749, '10.12'), rfc(9700, '2.1, 4.7.1')],
  },
  'RP-AUTHZ-STATE': {
    flow: 'code-flow',
    level: 'SHOULD',
    title: 'The authentication request carries an unguessable state',
    refs: [oidcCore('3.1.2.1 (state RECOMMENDED)'), rfc(6749, '10.12')],
  },
  'RP-AUTHZ-PKCE': {
    flow: 'code-flow',
    level: 'SHOULD',
    title:
      'The client uses PKCE with S256: a code_challenge in the authentication request and the matching code_verifier at the token endpoint',
    refs: [rfc(9700, '2.1.1 (PKCE RECOMMENDED for confidential clients)'), rfc(7636, '4.2, 4.5')],
  },
  'RP-TOKEN-AUTH': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The token request authenticates the client with its registered token_endpoint_auth_method',
    refs: [oidcCore('9'), rfc(6749, '2.3.1'), oidf('oidcc-client-test-client-secret-basic')],
  },
  'RP-SSO-01': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'A genuine code flow signs the browser in as the user the ID token names',
    refs: [oidcCore('3.1.3.7'), oidf('oidcc-client-test')],
  },
  'RP-SSO-02': {
    flow: 'code-flow',
    level: 'SHOULD',
    title: 'The application is given the claims the OP asserted (ID token and userinfo) with their values',
    refs: [oidcCore('5.1, 5.3.2'), oidf('oidcc-client-test-scope-userinfo-claims')],
    needsSignIn: true,
    appliesIf: 'claimsEcho',
  },
  'RP-USERINFO-BEARER': {
    flow: 'code-flow',
    level: 'SHOULD',
    title:
      'The userinfo request sends the access token in the Authorization header, not in the form body or the URL query',
    refs: [oidcCore('5.3.1'), rfc(6750, '2.1, 2.3'), oidf('oidcc-client-test-userinfo-bearer-header')],
    needsSignIn: true,
  },
  'RP-IDT-ISS': {
    flow: 'security',
    level: 'MUST',
    title: 'An ID token whose iss is not the OP issuer is refused',
    refs: [oidcCore('3.1.3.7 (2)'), oidf('oidcc-client-test-invalid-iss')],
    needsSignIn: true,
  },
  'RP-IDT-AUD': {
    flow: 'security',
    level: 'MUST',
    title: 'An ID token whose aud does not contain the client_id is refused',
    refs: [oidcCore('3.1.3.7 (3)'), oidf('oidcc-client-test-invalid-aud')],
    needsSignIn: true,
  },
  'RP-IDT-AZP': {
    flow: 'security',
    level: 'MUST',
    title: 'An ID token with an additional, untrusted audience and no azp is refused',
    refs: [oidcCore('3.1.3.7 (3), (4)')],
    needsSignIn: true,
  },
  'RP-IDT-SUB': {
    flow: 'security',
    level: 'MUST',
    title: 'An ID token without sub is refused',
    refs: [oidcCore('2 (sub REQUIRED), 3.1.3.7'), oidf('oidcc-client-test-missing-sub')],
    needsSignIn: true,
  },
  'RP-IDT-IAT': {
    flow: 'security',
    level: 'MUST',
    title: 'An ID token without iat is refused',
    refs: [oidcCore('2 (iat REQUIRED), 3.1.3.7'), oidf('oidcc-client-test-missing-iat')],
    needsSignIn: true,
  },
  'RP-IDT-EXP': {
    flow: 'security',
    level: 'MUST',
    title: 'An expired ID token is refused',
    refs: [oidcCore('3.1.3.7 (9)')],
    needsSignIn: true,
  },
  'RP-IDT-IAT-FUTURE': {
    flow: 'security',
    level: 'SHOULD',
    title: 'An ID token issued an hour in the future is refused',
    refs: [
      oidcCore('3.1.3.7 (10)'),
      note(
        'The clause lets the client choose how far from now iat may be; an hour ahead is outside any reasonable clock skew, so accepting it is a warning, not a failure.',
      ),
    ],
    needsSignIn: true,
  },
  'RP-IDT-NONCE': {
    flow: 'security',
    level: 'MUST',
    title: 'When the request carried a nonce, an ID token with another nonce is refused',
    refs: [oidcCore('3.1.3.7 (11)'), oidf('oidcc-client-test-nonce-invalid')],
    needsSignIn: true,
  },
  'RP-IDT-NONCE-MISSING': {
    flow: 'security',
    level: 'MUST',
    title: 'When the request carried a nonce, an ID token without nonce is refused',
    refs: [oidcCore('3.1.3.7 (11)')],
    needsSignIn: true,
  },
  'RP-IDT-SIG': {
    flow: 'security',
    level: 'SHOULD',
    title: 'An ID token whose RS256 signature does not verify is refused',
    refs: [oidcCore('3.1.3.7 (6)'), CODE_FLOW_SIGNATURE, oidf('oidcc-client-test-invalid-sig-rs256')],
    needsSignIn: true,
  },
  'RP-IDT-ALG-NONE': {
    flow: 'security',
    level: 'SHOULD',
    title: 'An unsigned ID token (alg "none") is refused when the client registered RS256',
    refs: [
      oidcCore('3.1.3.7 (7)'),
      rfc(8725, '3.1'),
      CODE_FLOW_SIGNATURE,
      oidf('oidcc-client-test-idtoken-sig-none'),
    ],
    needsSignIn: true,
  },
  'RP-IDT-HS256-SECRET': {
    flow: 'security',
    level: 'SHOULD',
    title: 'An ID token MACed with HS256 and the client secret is refused when the client registered RS256',
    refs: [oidcCore('3.1.3.7 (7), (8)'), CODE_FLOW_SIGNATURE, oidf('oidcc-client-test-invalid-sig-hs256')],
    needsSignIn: true,
  },
  'RP-IDT-ALG-CONFUSION': {
    flow: 'security',
    level: 'SHOULD',
    title:
      'An ID token MACed with HS256 using the OP public key as the secret is refused (algorithm confusion)',
    refs: [rfc(8725, '2.1, 3.1'), cve('CVE-2015-9235'), CODE_FLOW_SIGNATURE],
    needsSignIn: true,
  },
  'RP-IDT-UNKNOWN-KID': {
    flow: 'security',
    level: 'SHOULD',
    title:
      'An ID token signed by a key the OP never published (unknown kid, the key itself in the jwk header) is refused',
    refs: [oidcCore('3.1.3.7 (6), 10.1'), rfc(8725, '3.10'), cve('CVE-2018-0114'), CODE_FLOW_SIGNATURE],
    needsSignIn: true,
  },
  'RP-KEY-ROTATION': {
    flow: 'key-rotation',
    level: 'SHOULD',
    title:
      'After the OP starts signing with a newly published key, the client fetches the JWKS again and accepts it',
    refs: [oidcCore('10.1.1'), oidf('oidcc-client-test-signing-key-rotation')],
    needsSignIn: true,
  },
  'RP-STATE-MISMATCH': {
    flow: 'security',
    level: 'MUST',
    title: 'When the request carried state, an authorization response with another state is refused',
    refs: [oidcCore('3.1.2.7'), rfc(6749, '4.1.2, 10.12')],
    needsSignIn: true,
  },
  'RP-ISS-MIXUP': {
    flow: 'security',
    level: 'SHOULD',
    title: 'An authorization response whose iss parameter names another issuer is refused (mix-up defence)',
    refs: [
      rfc(9207, '2.4'),
      rfc(9700, '4.4.2'),
      note(
        'RFC 9207 binds only clients that implement it; clients of several OPs MUST defend against mix-up (RFC 9700 2.1).',
      ),
    ],
    needsSignIn: true,
  },
  'RP-USERINFO-SUB': {
    flow: 'security',
    level: 'MUST',
    title: 'Userinfo claims are not used when the userinfo sub differs from the ID token sub',
    refs: [oidcCore('5.3.2'), oidf('oidcc-client-test-userinfo-invalid-sub')],
    needsSignIn: true,
  },
  'RP-DISCOVERY-ISSUER': {
    flow: 'metadata',
    level: 'MUST',
    title: 'A discovery document whose issuer differs from the URL it was fetched from is not used',
    refs: [oidcDiscovery('4.3'), oidf('oidcc-client-test-discovery-issuer-mismatch')],
    needsSignIn: true,
    appliesIf: 'automaticExchange',
  },
  'RP-LOGOUT-01': {
    flow: 'slo',
    level: 'MUST',
    title:
      "RP-initiated logout ends the client's session and sends the browser to the OP's end_session_endpoint, with a registered post_logout_redirect_uri if any",
    refs: [oidcRpLogout('2, 3'), oidf('oidcc-client-test-rp-init-logout')],
    needsSignIn: true,
    appliesIf: 'rpLogout',
  },
  'RP-LOGOUT-HINT': {
    flow: 'slo',
    level: 'SHOULD',
    title: 'The logout request carries id_token_hint: the ID token the OP issued to this session',
    refs: [oidcRpLogout('2 (id_token_hint RECOMMENDED)')],
    needsSignIn: true,
    appliesIf: 'rpLogout',
  },
  'RP-BCL-01': {
    flow: 'slo',
    level: 'MUST',
    title: 'A valid logout token at the back-channel logout URI ends the session it names, answered with 200',
    refs: [oidcBackChannel('2.5, 2.6, 2.8'), oidf('oidcc-client-test-rp-backchannel-rpinitlogout')],
    needsSignIn: true,
    appliesIf: 'backchannelLogout',
  },
  'RP-BCL-NONCE': {
    flow: 'slo',
    level: 'MUST',
    title: 'A logout token carrying a nonce ends no session',
    refs: [oidcBackChannel('2.4, 2.6 (5)'), oidf('oidcc-client-test-rp-backchannel-rpinitlogout-with-nonce')],
    needsSignIn: true,
    appliesIf: 'backchannelLogout',
  },
  'RP-BCL-EVENTS': {
    flow: 'slo',
    level: 'MUST',
    title: 'A logout token without the back-channel logout event ends no session',
    refs: [oidcBackChannel('2.4, 2.6 (4)'), oidf('oidcc-client-test-rp-backchannel-rpinitlogout-no-event')],
    needsSignIn: true,
    appliesIf: 'backchannelLogout',
  },
  'RP-BCL-SID': {
    flow: 'slo',
    level: 'MUST',
    title: "A logout token for another session (sid) does not end this browser's session",
    refs: [oidcBackChannel('2.4 (sid), 2.7')],
    needsSignIn: true,
    appliesIf: 'backchannelLogout',
  },
  // Seed, "Integrate with OpenID Connect IdP", step 5: the JIT settings of "Configure Just In Time
  // (JIT) and SAML mapping" apply to an OIDC IdP; the names come from OIDC Core 5.1's claims.
  'RP-JIT-01': {
    flow: 'jit',
    level: 'MUST',
    title:
      'A user the RP has never seen is created at their first sign-in, with the email, given_name and family_name the OP asserted',
    refs: [
      seed(
        '"Integrate with OpenID Connect IdP", step 5 (JIT settings); "Modify SAML JIT mapping", step 6 ("Create or activate user")',
      ),
      oidcCore('5.1 (email, given_name, family_name)'),
    ],
    needsSignIn: true,
    appliesIf: 'jitCreate',
  },
  'RP-JIT-02': {
    flow: 'jit',
    level: 'MUST',
    title: "A known user's stored first and last name follow the asserted claims at their next sign-in",
    refs: [
      seed(
        '"Integrate with OpenID Connect IdP", step 5 (JIT settings); "Modify SAML JIT mapping", step 6 ("Update user with SAML attributes")',
      ),
    ],
    needsSignIn: true,
    appliesIf: 'jitUpdate',
  },
  'RP-JIT-03': {
    flow: 'jit',
    level: 'MUST',
    title:
      "A user's stored groups follow the asserted groups claim as the profile declares: additive (a group once asserted stays) or replace",
    refs: [
      seed(
        '"Integrate with OpenID Connect IdP", step 5 (JIT settings); "Modify SAML JIT mapping", Table 5 (groupId): "considered as an additive change", "does not support the removal of users from groups"',
      ),
    ],
    needsSignIn: true,
    appliesIf: 'jitGroups',
  },
} as const satisfies Record<string, CheckSpec>;
