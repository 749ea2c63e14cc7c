import { authenticate, mayAccess, tokenOf } from './consul-test-acl';
import type { KvTxnOp } from './consul-kv-ops';
import type { KvSnapshot } from './consul-kv-state';
import { admitRead, send, sendError, sendJson, type RouteContext, type RouteRequest } from './consul-route-context';

/** Consul's fixed limit of operations per transaction since 1.14 (64 before), as its txn API documents. */
const MAX_TXN_OPS = 128;
/** Consul's default `limits.txn_max_req_len`: 512 KiB (Raft's suggested entry size), the whole request body. */
const MAX_TXN_REQUEST_BYTES = 512 * 1024;
const READ_VERBS = new Set(['get', 'get-or-empty', 'get-tree', 'check-index', 'check-not-exists']);

/**
 * `PUT /v1/txn`: up to 128 `KV` operations in a body of at most 512 KiB (413 beyond either, as
 * Consul answers) applied atomically at one index — 200 with `Results`, or 409 with `Errors`
 * (`OpIndex`, `What`) and nothing applied. Write results carry a `null` value.
 */
export function putTxn(ctx: RouteContext, request: RouteRequest): void {
  const { res } = request;
  if (request.body.length > MAX_TXN_REQUEST_BYTES) {
    return sendError(res, 413, `Request body too large, max size: ${MAX_TXN_REQUEST_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return sendError(res, 400, 'Failed to parse body: invalid JSON');
  }
  if (!Array.isArray(body)) return sendError(res, 400, 'Failed to parse body: expected a list of operations');
  if (body.length > MAX_TXN_OPS) return sendError(res, 413, `Transaction contains too many operations (${body.length} > ${MAX_TXN_OPS})`);
  const ops = body.map((item: { KV?: KvTxnOp }) => item?.KV);
  if (ops.some((op) => !op || typeof op.Verb !== 'string' || typeof op.Key !== 'string')) {
    return sendError(res, 400, 'Failed to parse body: the test server supports KV operations only');
  }
  const decision = authenticate(ctx.acl, tokenOf(request.req, request.params));
  if (!decision.allowed) return sendError(res, 403, decision.message);
  const denied = ops.findIndex((op) => !mayAccess(decision.rules, op!.Key, READ_VERBS.has(op!.Verb) ? 'read' : 'write'));
  if (denied >= 0) return sendJson(res, 409, { Results: null, Errors: [{ OpIndex: denied, What: 'Permission denied' }] });
  const outcome = ctx.state.apply(ops as KvTxnOp[]);
  if (!outcome.ok) return sendJson(res, 409, { Results: null, Errors: outcome.errors });
  sendJson(
    res,
    200,
    { Results: outcome.results.map((entry) => ({ KV: entry })), Errors: null },
    { 'x-consul-index': String(outcome.index) },
  );
}

/** `GET /v1/snapshot`: the whole store, opaque to clients (Consul's is a gzipped archive; ours is JSON). */
export function getSnapshot(ctx: RouteContext, request: RouteRequest): void {
  if (!admitManagement(ctx, request) || !admitRead(ctx, request)) return;
  send(request.res, 200, JSON.stringify(ctx.state.snapshot()), {
    'content-type': 'application/x-gzip',
    'x-consul-index': String(ctx.state.lastIndex),
  });
}

/** `PUT /v1/snapshot`: restores a snapshot taken by `GET /v1/snapshot`; indexes go back with the data. */
export function putSnapshot(ctx: RouteContext, request: RouteRequest): void {
  if (!admitManagement(ctx, request)) return;
  let snapshot: KvSnapshot;
  try {
    snapshot = JSON.parse(request.body.toString('utf8')) as KvSnapshot;
  } catch {
    return sendError(request.res, 500, 'failed to read snapshot: not a snapshot of this server');
  }
  if (!Array.isArray(snapshot?.entries) || !Array.isArray(snapshot.tombstones)) {
    return sendError(request.res, 500, 'failed to read snapshot: not a snapshot of this server');
  }
  ctx.state.restore(snapshot);
  send(request.res, 200, '');
}

function admitManagement(ctx: RouteContext, request: RouteRequest): boolean {
  const decision = authenticate(ctx.acl, tokenOf(request.req, request.params));
  if (decision.allowed && (decision.rules === undefined || decision.rules === 'management')) return true;
  sendError(request.res, 403, decision.allowed ? 'Permission denied' : decision.message);
  return false;
}
