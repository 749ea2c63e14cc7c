import type { IncomingMessage } from 'node:http';

/** What a token may do: everything (`management`), or read and write under key prefixes. */
export type ConsulTestTokenRules = 'management' | { readonly read?: readonly string[]; readonly write?: readonly string[] };

/**
 * ACLs of the test server, in the spirit of Consul's with `default_policy = "deny"` and
 * `enable_key_list_policy`: a request without a token is anonymous and denied, an unknown token
 * gets 403 "ACL not found", and a token's `key_prefix` rules decide what it reads and writes.
 */
export interface ConsulTestAcl {
  readonly tokens: Readonly<Record<string, ConsulTestTokenRules>>;
}

/** The decision on a request: allowed (perhaps only some keys), or denied with Consul's message. */
export type AclDecision =
  { readonly allowed: true; readonly rules: ConsulTestTokenRules | undefined } | { readonly allowed: false; readonly message: string };

/** The token of a request, wherever Consul accepts it: `X-Consul-Token`, `Authorization: Bearer`, `?token=`. */
export function tokenOf(req: IncomingMessage, params: URLSearchParams): string | undefined {
  const header = req.headers['x-consul-token'];
  if (typeof header === 'string' && header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1] ?? (params.get('token') || undefined);
}

/** Who the token is: every request is allowed when ACLs are off. */
export function authenticate(acl: ConsulTestAcl | undefined, token: string | undefined): AclDecision {
  if (!acl) return { allowed: true, rules: undefined };
  if (token === undefined) return { allowed: false, message: 'Permission denied: anonymous token lacks permission' };
  const rules = acl.tokens[token];
  return rules ? { allowed: true, rules } : { allowed: false, message: 'ACL not found' };
}

/** Whether the rules let a token read (or write) `key`. `undefined` rules: ACLs are off. */
export function mayAccess(rules: ConsulTestTokenRules | undefined, key: string, access: 'read' | 'write'): boolean {
  if (rules === undefined || rules === 'management') return true;
  return (rules[access] ?? []).some((prefix) => key.startsWith(prefix));
}

/**
 * Whether a list of `prefix` may run: yes when the token reads the whole prefix, or some prefix
 * below it (entries it cannot read are then filtered out, as Consul does); no otherwise (403).
 */
export function mayList(rules: ConsulTestTokenRules | undefined, prefix: string): boolean {
  if (rules === undefined || rules === 'management') return true;
  return (rules.read ?? []).some((allowed) => prefix.startsWith(allowed) || allowed.startsWith(prefix));
}
