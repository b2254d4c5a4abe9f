/** One protocol message or browser hop seen by a simulator, kept so a report can show every byte. */
export interface TraceEntry {
  seq: number;
  /** ISO time the simulator saw or sent the message. */
  at: string;
  /** Correlates every entry of one browser flow (the `accord-flow` cookie); undefined when absent. */
  flow?: string;
  /** Who saw it: 'idp' | 'sp' | 'op' plus the simulator's instance name. */
  observer: string;
  direction: 'in' | 'out';
  /** Short actor names for the sequence diagram. */
  from: string;
  to: string;
  /** e.g. 'AuthnRequest', 'Response', 'LogoutRequest', 'LoginForm', 'Error'. */
  kind: string;
  binding?: 'HTTP-Redirect' | 'HTTP-POST' | 'SOAP' | 'none';
  method?: string;
  url?: string;
  relayState?: string;
  /** The message as it travelled (base64 / URL-encoded). */
  raw?: string;
  /** Decoded protocol message (XML or JWT JSON). */
  decoded?: string;
  /** Results of checks the simulator evaluated on this message. */
  checks?: TraceCheck[];
  /** Free-form facts (request ID, NameID, user, error text). */
  info?: Record<string, unknown>;
}

export interface TraceCheck {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  detail: string;
}
