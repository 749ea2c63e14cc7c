import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, tokenOf, type AclDecision, type ConsulTestAcl } from './consul-test-acl';
import type { ConsulKvState } from './consul-kv-state';

/** Misbehaviour the test server can be told to show, to test a client against it. */
export interface ConsulTestFaults {
  /** Rewrites the `X-Consul-Index` of every KV response (say, to 0, as buggy Consul versions did). */
  reportIndex?: (index: number) => number;
  /** Never answers KV reads (they hang until the client gives up), as a wedged server would. */
  stall?: boolean;
}

/** A blocking query waiting for a change; an outage ends it with `fail`. */
export interface PendingQuery {
  fail(status: number, message: string): void;
}

/** What the routes of the test server work with. */
export interface RouteContext {
  readonly state: ConsulKvState;
  readonly acl: ConsulTestAcl | undefined;
  readonly datacenter: string;
  /** The source of the blocking-wait jitter, in [0, 1). */
  readonly random: () => number;
  readonly faults: ConsulTestFaults;
  /** Registers a blocking query until the returned function is called. */
  track(query: PendingQuery): () => void;
  /** Records how long a blocking query may wait (its `wait`, clamped, plus jitter). */
  blocking(req: IncomingMessage, blockMs: number): void;
}

/** One HTTP request as the routes see it. */
export interface RouteRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path after `/v1/`, decoded. */
  readonly path: string;
  readonly params: URLSearchParams;
  readonly body: Buffer;
}

/** Sends a JSON body with the given status and headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/** Sends a body, unless the client has gone (an outage may have destroyed the socket). */
export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** Sends Consul's plain-text error. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, message, { 'content-type': 'text/plain; charset=utf-8' });
}

/**
 * Checks what every read accepts — the datacenter (`dc`) and the consistency mode — and the ACL
 * token; answers the request itself with Consul's error and returns `undefined` when it fails.
 */
export function admitRead(ctx: RouteContext, request: RouteRequest): Extract<AclDecision, { allowed: true }> | undefined {
  const { params, res } = request;
  const dc = params.get('dc');
  if (dc && dc !== ctx.datacenter) return void sendError(res, 500, 'No path to datacenter');
  if (params.has('stale') && params.has('consistent')) {
    return void sendError(res, 400, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
  }
  const decision = authenticate(ctx.acl, tokenOf(request.req, params));
  if (!decision.allowed) return void sendError(res, 403, decision.message);
  return decision;
}

/** The headers Consul puts on every read. */
export function readHeaders(params: URLSearchParams, index: number): Record<string, string> {
  const consistency = params.has('stale') ? 'stale' : params.has('consistent') ? 'consistent' : 'leader';
  return {
    'x-consul-index': String(index),
    'x-consul-knownleader': 'true',
    'x-consul-lastcontact': '0',
    'x-consul-effective-consistency': consistency,
  };
}
