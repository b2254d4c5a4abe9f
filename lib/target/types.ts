export interface SuccessDetector {
  /** regex source, matched against the page URL; placeholders are filled (regex-escaped) before compiling */
  url?: string;
  /** text that must appear, may contain {email},{username},{firstName},{lastName} */
  text?: string;
}

export type Binding = 'redirect' | 'post';

export interface TargetUser {
  username: string;
  password: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

export interface TargetProfile {
  file: string;
  name: string;
  description?: string;
  role: 'sp' | 'idp';
  protocol: 'saml2';
  /** built-in simulator the harness starts for this target; base_url then comes from it */
  builtin?: { simulator: 'sp' | 'idp'; defects?: string[]; options?: Record<string, unknown> };
  /** required unless builtin */
  baseUrl?: string;
  /** exactly one; may use {base_url}; a file is resolved against the profile's folder */
  metadata: { url?: string; file?: string };
  /** how the counterpart's metadata reaches the target: POST it to a URL, run a command, or the operator does it */
  exchange?: { post?: string; command?: string; manual?: boolean };
  capabilities: {
    spInitiated: boolean;
    idpInitiated: boolean;
    slo: boolean;
    signedRequests?: boolean;
    bindings: Binding[];
  };
  // role sp:
  login?: { start: { redirect?: string; post?: string }; success: SuccessDetector; relayState?: string };
  logout?: { start: string; success?: SuccessDetector };
  // role idp:
  /** CSS selectors */
  loginForm?: { username: string; password: string; submit: string };
  users?: TargetUser[] | { url: string };
  /** URL template with {sp_entity_id} {relay_state} */
  idpInitiated?: { start: string };
  clockSkewSeconds?: number;
  knownFindings?: Array<{ check: string; reason: string; evidence?: string }>;
}

/**
 * Placeholders profile templates may use. The harness fills them at run time:
 * base_url (the target's, or its built-in simulator's), relay_state, sp_entity_id, idp_entity_id,
 * metadata_url / metadata_file (the counterpart's metadata, for exchange.command),
 * and the signed-in user's email, username, firstName, lastName.
 */
export const TARGET_TEMPLATE_VARS = [
  'base_url',
  'relay_state',
  'token',
  'sp_entity_id',
  'idp_entity_id',
  'metadata_url',
  'metadata_file',
  'email',
  'username',
  'firstName',
  'lastName',
] as const;

export type TargetTemplateVar = (typeof TARGET_TEMPLATE_VARS)[number];
