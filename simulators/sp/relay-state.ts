/** SAML bindings 3.4.3 / 3.5.3: RelayState MUST NOT exceed 80 bytes. */
export const MAX_RELAY_STATE_BYTES = 80;

/**
 * Where a RelayState may send the browser after sign-in: only a path on this SP. A path that starts
 * with `//` or `/\` is read by browsers as another host, and control characters can smuggle one in.
 */
export function safeLocalPath(relayState: string | undefined): string | undefined {
  if (!relayState) return undefined;
  if (!relayState.startsWith('/')) return undefined;
  if (relayState.startsWith('//') || relayState.startsWith('/\\')) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(relayState)) return undefined;
  return relayState;
}
