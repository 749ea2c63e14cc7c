/** Node's TLS error codes for a server certificate no trusted CA signed. */
const UNTRUSTED_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * What went wrong, in plain words, when a request to Consul got no answer: a refused connection,
 * a TLS certificate this machine does not trust, expired or not naming the agent, a timeout; the
 * underlying cause kept short (`connect ECONNREFUSED 127.0.0.1:8500`). (An answer Consul gave —
 * a 403 — is worded where it is read.) The caller scrubs the token.
 */
export function consulFailureMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = systemErrorOf(error);
  const detail = cause ? cause.message : error instanceof Error ? error.message : String(error);
  const reason = reasonOf(cause?.code ?? '');
  return reason === undefined ? detail : `${reason} (${detail})`;
}

/** The error with a system or TLS `code` in the cause chain: below `fetch failed`, or below the `ConfigSourceError` of the app's source. */
function systemErrorOf(error: unknown): NodeJS.ErrnoException | undefined {
  for (let inner = error; inner instanceof Error; inner = inner.cause) {
    if ((inner as NodeJS.ErrnoException).code) return inner;
  }
  return undefined;
}

function reasonOf(code: string): string | undefined {
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens at the address (is the Consul agent running there?)';
  if (UNTRUSTED_CODES.has(code)) {
    return "the agent's TLS certificate is not signed by a CA this machine trusts: add the CA that signed it with NODE_EXTRA_CA_CERTS=ca.pem";
  }
  if (code === 'CERT_HAS_EXPIRED') return "the agent's TLS certificate has expired";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "the agent's TLS certificate does not name the address dialled";
  if (code === 'UND_ERR_SOCKET') return 'the agent closed the connection without an answer (an https:// agent given as http://?)';
  return undefined;
}
