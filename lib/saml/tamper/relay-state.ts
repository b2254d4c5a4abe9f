/**
 * RelayState values an SP must not redirect to after login (SAML bindings 3.4.3, 3.5.3: RelayState is
 * opaque state the peer echoes back, not a trusted URL): foreign origin, protocol-relative URL,
 * userinfo confusion, a backslash browsers read as a slash, and a script URL.
 */
export const OPEN_REDIRECTS: readonly string[] = [
  'https://evil.test',
  '//evil.test',
  'https://trusted@evil.test',
  '/\\evil.test',
  'javascript:alert(1)',
];
