/**
 * Why a fetch() failed, in words a user acts on. Node's fetch rejects with "fetch failed" and keeps
 * the reason in `cause` (an errno error carrying code, address and port), so the message alone
 * says nothing about a refused connection, an unknown host or a timeout.
 */
export function fetchFailure(e: unknown): string {
  const err = e as { message?: string; name?: string; cause?: unknown };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'no answer in time (timed out)';
  const cause = (err?.cause ?? {}) as {
    code?: string;
    address?: string;
    port?: number;
    hostname?: string;
    message?: string;
    errors?: { code?: string; address?: string; port?: number }[];
  };
  // A host name resolving to several addresses fails with an AggregateError of one error per address.
  const first = cause.code ? cause : (cause.errors?.find((c) => c.code) ?? cause);
  const at = first.address ? ` at ${first.address}${first.port ? `:${first.port}` : ''}` : '';
  switch (first.code) {
    case 'ECONNREFUSED':
      return `connection refused${at} (is it running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found${cause.hostname ? `: ${cause.hostname}` : ''}`;
    case 'ECONNRESET':
      return `connection reset${at}`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connection timed out${at}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable${at}`;
  }
  if (first.code) return `${first.code}${at}${cause.message ? `: ${cause.message}` : ''}`;
  if (cause.message) return `${err?.message ?? 'fetch failed'}: ${cause.message}`;
  return err?.message ?? String(e);
}
