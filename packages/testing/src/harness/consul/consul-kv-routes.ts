import { mayAccess, mayList, tokenOf, authenticate, type ConsulTestTokenRules } from './consul-test-acl';
import type { KvEntry } from './consul-kv-ops';
import { admitRead, readHeaders, send, sendError, sendJson, type RouteContext, type RouteRequest } from './consul-route-context';
import { parseGoDuration } from './go-duration';

const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;
const MAX_VALUE_BYTES = 512 * 1024;

interface ReadResult {
  readonly index: number;
  readonly entries: readonly KvEntry[];
}

/**
 * `GET /v1/kv/<key>` with `recurse`, `keys`, `separator`, `raw`, `dc`, `consistent`/`stale` and
 * blocking: with `?index=N` the answer waits until the result's index passes N, a snapshot
 * restore abandons the store, or `wait` (default 5m, at most 10m) plus a jitter of up to wait/16
 * runs out — then it returns whatever is current, changed or not, as Consul does.
 */
export function getKv(ctx: RouteContext, request: RouteRequest, key: string): void {
  const { params, res } = request;
  if (ctx.faults.stall) return;
  const admitted = admitRead(ctx, request);
  if (!admitted) return;
  const listing = params.has('recurse') || params.has('keys');
  if (listing ? !mayList(admitted.rules, key) : !mayAccess(admitted.rules, key, 'read')) return sendError(res, 403, 'Permission denied');
  const minIndex = params.has('index') ? Number(params.get('index')) : 0;
  const waitMs = params.has('wait') ? parseGoDuration(params.get('wait') ?? '') : DEFAULT_WAIT_MS;
  if (!Number.isSafeInteger(minIndex) || minIndex < 0) return sendError(res, 400, 'Invalid index');
  if (waitMs === undefined) return sendError(res, 400, 'Invalid wait time');
  const read = (): ReadResult => (listing ? ctx.state.list(key) : single(ctx, key));
  const answer = (result: ReadResult) => respond(ctx, request, key, admitted.rules, result);
  if (minIndex === 0) return answer(read());
  blockUntilChanged(ctx, request, read, minIndex, Math.min(waitMs, MAX_WAIT_MS), answer);
}

/** `PUT /v1/kv/<key>` with `flags` and `cas`: `true`, or `false` when a check-and-set fails. */
export function putKv(ctx: RouteContext, request: RouteRequest, key: string): void {
  const { params, res, body } = request;
  if (!admitWrite(ctx, request, key)) return;
  if (body.length > MAX_VALUE_BYTES) return sendError(res, 413, `Value exceeds ${MAX_VALUE_BYTES} byte limit`);
  const flags = Number(params.get('flags') ?? 0);
  const Value = body.length ? body.toString('base64') : null;
  const op = params.has('cas')
    ? { Verb: 'cas', Key: key, Value, Flags: flags, Index: Number(params.get('cas')) }
    : { Verb: 'set', Key: key, Value, Flags: flags };
  sendJson(res, 200, ctx.state.apply([op]).ok);
}

/** `DELETE /v1/kv/<key>` with `recurse` and `cas` (a 0 index deletes nothing, as documented). */
export function deleteKv(ctx: RouteContext, request: RouteRequest, key: string): void {
  const { params, res } = request;
  if (!admitWrite(ctx, request, key)) return;
  if (params.has('cas') && Number(params.get('cas')) === 0) return sendJson(res, 200, false);
  const verb = params.has('recurse') ? 'delete-tree' : params.has('cas') ? 'delete-cas' : 'delete';
  sendJson(res, 200, ctx.state.apply([{ Verb: verb, Key: key, Index: Number(params.get('cas') ?? 0) }]).ok);
}

function admitWrite(ctx: RouteContext, request: RouteRequest, key: string): boolean {
  const decision = authenticate(ctx.acl, tokenOf(request.req, request.params));
  if (!decision.allowed) sendError(request.res, 403, decision.message);
  else if (!mayAccess(decision.rules, key, 'write')) sendError(request.res, 403, 'Permission denied');
  else return true;
  return false;
}

function single(ctx: RouteContext, key: string): ReadResult {
  const { index, entry } = ctx.state.get(key);
  return { index, entries: entry ? [entry] : [] };
}

/** Waits for a result with an index above `minIndex`, an abandoned store, the wait's end, or an outage. */
function blockUntilChanged(
  ctx: RouteContext,
  request: RouteRequest,
  read: () => ReadResult,
  minIndex: number,
  waitMs: number,
  answer: (result: ReadResult) => void,
): void {
  const finish = (result?: ReadResult, failure?: [number, string]) => {
    stop();
    if (failure) sendError(request.res, ...failure);
    else answer(result ?? read());
  };
  const unsubscribe = ctx.state.subscribe((abandoned) => {
    const result = read();
    if (abandoned || result.index > minIndex) finish(result);
  });
  const untrack = ctx.track({ fail: (status, message) => finish(undefined, [status, message]) });
  const blockMs = waitMs + ctx.random() * (waitMs / 16);
  ctx.blocking(request.req, blockMs);
  const timer = setTimeout(() => finish(), blockMs);
  const stop = () => {
    clearTimeout(timer);
    unsubscribe();
    untrack();
  };
  request.res.once('close', stop);
  const first = read();
  if (first.index > minIndex) finish(first);
}

function respond(ctx: RouteContext, request: RouteRequest, key: string, rules: ConsulTestTokenRules | undefined, result: ReadResult): void {
  const { params, res } = request;
  const readable = result.entries.filter((entry) => mayAccess(rules, entry.Key, 'read'));
  const headers = readHeaders(params, ctx.faults.reportIndex ? ctx.faults.reportIndex(result.index) : result.index);
  if (readable.length < result.entries.length) headers['x-consul-results-filtered-by-acls'] = 'true';
  if (!readable.length) return send(res, 404, '', headers);
  if (params.has('keys')) return sendJson(res, 200, keysOf(readable, key, params.get('separator') ?? ''), headers);
  if (params.has('raw') && !params.has('recurse')) {
    return send(res, 200, Buffer.from(readable[0].Value ?? '', 'base64'), { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  }
  sendJson(res, 200, readable, headers);
}

/** The `?keys` listing: keys only, cut after the first `separator` past the prefix. */
function keysOf(entries: readonly KvEntry[], prefix: string, separator: string): string[] {
  const keys = entries.map(({ Key }) => {
    const at = separator ? Key.indexOf(separator, prefix.length) : -1;
    return at < 0 ? Key : Key.slice(0, at + separator.length);
  });
  return [...new Set(keys)];
}
