import { deleteKv, getKv, putKv } from './consul-kv-routes';
import { send, sendError, type RouteContext, type RouteRequest } from './consul-route-context';
import { getSnapshot, putSnapshot, putTxn } from './consul-txn-routes';

/** Sends a request of the test server to its handler: the KV, transaction, snapshot and status endpoints. */
export function route(ctx: RouteContext, request: RouteRequest, method: string): void {
  const { path, res } = request;
  if (path.startsWith('kv/')) {
    const key = path.slice('kv/'.length);
    if (method === 'GET') return getKv(ctx, request, key);
    if (method === 'PUT' || method === 'POST') return putKv(ctx, request, key);
    if (method === 'DELETE') return deleteKv(ctx, request, key);
  }
  if (path === 'txn' && (method === 'PUT' || method === 'POST')) return putTxn(ctx, request);
  if (path === 'snapshot' && method === 'GET') return getSnapshot(ctx, request);
  if (path === 'snapshot' && method === 'PUT') return putSnapshot(ctx, request);
  if (path === 'status/leader' && method === 'GET') return send(res, 200, '"127.0.0.1:8300"', { 'content-type': 'application/json' });
  sendError(
    res,
    path.startsWith('kv/') || path === 'txn' || path === 'snapshot' ? 405 : 404,
    'method or path not supported by the Consul test server',
  );
}

/** Decodes a URL path, or leaves it as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
