import {
  CONFIG_NOT_FOUND,
  RESULT_FAIL,
  RESULT_SUCCESS,
  UN_REGISTER,
  type ConfigBatchListenRequest,
  type ConfigKey,
  type ConfigPublishRequest,
  type NacosMessage,
} from '@config-center/nacos/protocol';
import { groupKeyOf, type NacosConfigStore } from './nacos-config-store';
import type { NacosTestConnection } from './nacos-test-connection';

/** What the handlers need from the server: the store, and a way to push a change to listeners. */
export interface NacosHandlerContext {
  readonly store: NacosConfigStore;
  changed(key: ConfigKey): void;
}

/** A response: its class name and JSON body. */
export interface NacosReply {
  readonly type: string;
  readonly body: Record<string, unknown>;
}

const ok = (type: string, requestId: unknown, extra: object = {}): NacosReply => ({
  type,
  body: { resultCode: RESULT_SUCCESS, errorCode: 0, success: true, requestId, ...extra },
});
const fail = (type: string, requestId: unknown, errorCode: number, message: string): NacosReply => ({
  type,
  body: { resultCode: RESULT_FAIL, errorCode, success: false, message, requestId },
});

/**
 * Answers a unary request of a registered connection as the Nacos 3.0.3 handlers do (alibaba/nacos,
 * config/src/main/java/com/alibaba/nacos/config/server/remote/*RequestHandler.java and
 * core/.../remote/HealthCheckRequestHandler.java). The server check and the unregistered refusal
 * are the acceptor's, in the server.
 */
export function handleRequest(context: NacosHandlerContext, connection: NacosTestConnection, request: NacosMessage): NacosReply {
  const body = request.body;
  const id = body.requestId;
  switch (request.type) {
    case 'HealthCheckRequest':
      return ok('HealthCheckResponse', id);
    case 'ConfigBatchListenRequest':
      return ok('ConfigChangeBatchListenResponse', id, {
        changedConfigs: batchListen(context, connection, body as unknown as ConfigBatchListenRequest),
      });
    case 'ConfigQueryRequest': {
      const config = context.store.get(keyOf(body));
      if (!config) return fail('ConfigQueryResponse', id, CONFIG_NOT_FOUND, 'config data not exist');
      return ok('ConfigQueryResponse', id, { content: config.content, md5: config.md5, contentType: 'text', lastModified: Date.now() });
    }
    case 'ConfigPublishRequest':
      return publish(context, body as unknown as ConfigPublishRequest);
    case 'ConfigRemoveRequest':
      if (context.store.remove(keyOf(body))) context.changed(keyOf(body));
      return ok('ConfigRemoveResponse', id);
    default:
      return fail('ErrorResponse', id, RESULT_FAIL, `unknown request type ${request.type}`);
  }
}

/** The acceptor's answer to a request on a connection it has not registered (GrpcRequestAcceptor). */
export function unregisteredReply(): NacosReply {
  return fail('ErrorResponse', undefined, UN_REGISTER, 'Connection is unregistered.');
}

/**
 * ConfigChangeBatchListenRequestHandler: with `listen`, each context registers a listener on this
 * connection and is answered as changed when its md5 is not the server's ("" for a missing config);
 * without, the listeners are removed.
 */
function batchListen(context: NacosHandlerContext, connection: NacosTestConnection, request: ConfigBatchListenRequest): object[] {
  const changed: object[] = [];
  for (const listen of request.configListenContexts ?? []) {
    const key = keyOf(listen as unknown as Record<string, unknown>);
    if (!request.listen) {
      connection.listening.delete(groupKeyOf(key));
      continue;
    }
    connection.listening.set(groupKeyOf(key), key);
    if ((listen.md5 ?? '') !== context.store.md5Of(key)) changed.push({ dataId: key.dataId, group: key.group, tenant: listen.tenant });
  }
  return changed;
}

/** ConfigPublishRequestHandler: a CAS mismatch fails with 500 and nothing changes. */
function publish(context: NacosHandlerContext, request: ConfigPublishRequest): NacosReply {
  const key = keyOf(request as unknown as Record<string, unknown>);
  if (!key.dataId || !key.group || typeof request.content !== 'string')
    return fail('ConfigPublishResponse', request.requestId, 400, 'dataId, group and content are required');
  const outcome = context.store.publish(key, request.content, request.casMd5);
  if (outcome === 'cas-mismatch')
    return fail('ConfigPublishResponse', request.requestId, RESULT_FAIL, 'Cas publish fail, server md5 may have changed.');
  context.changed(key);
  return ok('ConfigPublishResponse', request.requestId);
}

function keyOf(body: Record<string, unknown>): ConfigKey {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { dataId: text(body.dataId), group: text(body.group), tenant: text(body.tenant) };
}
