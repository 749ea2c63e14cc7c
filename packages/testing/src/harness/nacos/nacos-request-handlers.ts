import type { ConfigBatchListenRequest, ConfigKey, ConfigPublishRequest, NacosMessage } from '@config-center/nacos/protocol';
import type { NacosConfigStore } from './nacos-config-store';
import type { NacosRuntime } from './nacos-runtime';
import type { NacosTestConnection } from './nacos-test-connection';

/** A response: its class name and JSON body. */
export interface NacosReply {
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/**
 * Answers the unary requests of a registered connection as the Nacos 3.0.3 handlers do (alibaba/nacos,
 * config/src/main/java/com/alibaba/nacos/config/server/remote/*RequestHandler.java and
 * core/.../remote/HealthCheckRequestHandler.java). The server check is the acceptor's, in the server.
 */
export class NacosRequestHandlers {
  constructor(
    private readonly protocol: NacosRuntime['protocol'],
    private readonly store: NacosConfigStore,
    private readonly changed: (key: ConfigKey) => void,
  ) {}

  /** The answer to `request` on `connection`. */
  handle(connection: NacosTestConnection, request: NacosMessage): NacosReply {
    const body = request.body;
    const id = body.requestId;
    switch (request.type) {
      case 'HealthCheckRequest':
        return this.ok('HealthCheckResponse', id);
      case 'ConfigBatchListenRequest':
        return this.ok('ConfigChangeBatchListenResponse', id, {
          changedConfigs: this.batchListen(connection, body as unknown as ConfigBatchListenRequest),
        });
      case 'ConfigQueryRequest': {
        const config = this.store.get(keyOf(body));
        if (!config) return this.fail('ConfigQueryResponse', id, this.protocol.CONFIG_NOT_FOUND, 'config data not exist');
        return this.ok('ConfigQueryResponse', id, {
          content: config.content,
          md5: config.md5,
          contentType: 'text',
          lastModified: Date.now(),
        });
      }
      case 'ConfigPublishRequest':
        return this.publish(body as unknown as ConfigPublishRequest);
      case 'ConfigRemoveRequest':
        if (this.store.remove(keyOf(body))) this.changed(keyOf(body));
        return this.ok('ConfigRemoveResponse', id);
      default:
        return this.fail('ErrorResponse', id, this.protocol.RESULT_FAIL, `unknown request type ${request.type}`);
    }
  }

  /** GrpcRequestAcceptor's answer to a server check: the id of the connection (the transport) it came on. */
  serverCheck(connection: NacosTestConnection, request: NacosMessage, negotiates: boolean): NacosReply {
    return this.ok('ServerCheckResponse', request.body.requestId, {
      connectionId: connection.connectionId,
      supportAbilityNegotiation: negotiates,
    });
  }

  /** RemoteRequestAuthFilter's refusal: the handler's own response class with `NO_RIGHT` (403). */
  noRight(request: NacosMessage, message: string): NacosReply {
    const type =
      request.type === 'ConfigBatchListenRequest' ? 'ConfigChangeBatchListenResponse' : request.type.replace(/Request$/, 'Response');
    return this.fail(type, request.body.requestId, this.protocol.NO_RIGHT, message);
  }

  /** The acceptor's answer to a request on a connection it has not registered (GrpcRequestAcceptor). */
  unregistered(): NacosReply {
    return this.fail('ErrorResponse', undefined, this.protocol.UN_REGISTER, 'Connection is unregistered.');
  }

  /**
   * ConfigChangeBatchListenRequestHandler: with `listen`, each context registers a listener on this
   * connection and is answered as changed when its md5 is not the server's ("" for a missing
   * config); without, the listeners are removed.
   */
  private batchListen(connection: NacosTestConnection, request: ConfigBatchListenRequest): object[] {
    const changed: object[] = [];
    for (const listen of request.configListenContexts ?? []) {
      const key = keyOf(listen as unknown as Record<string, unknown>);
      if (!request.listen) {
        connection.listening.delete(this.store.groupKey(key));
        continue;
      }
      connection.listening.set(this.store.groupKey(key), key);
      if ((listen.md5 ?? '') !== this.store.md5Of(key)) changed.push({ dataId: key.dataId, group: key.group, tenant: listen.tenant });
    }
    return changed;
  }

  /** ConfigPublishRequestHandler: a CAS mismatch fails with 500 and nothing changes. */
  private publish(request: ConfigPublishRequest): NacosReply {
    const key = keyOf(request as unknown as Record<string, unknown>);
    if (!key.dataId || !key.group || typeof request.content !== 'string') {
      return this.fail('ConfigPublishResponse', request.requestId, 400, 'dataId, group and content are required');
    }
    if (this.store.publish(key, request.content, request.casMd5) === 'cas-mismatch') {
      return this.fail(
        'ConfigPublishResponse',
        request.requestId,
        this.protocol.RESULT_FAIL,
        'Cas publish fail, server md5 may have changed.',
      );
    }
    this.changed(key);
    return this.ok('ConfigPublishResponse', request.requestId);
  }

  private ok(type: string, requestId: unknown, extra: object = {}): NacosReply {
    return { type, body: { resultCode: this.protocol.RESULT_SUCCESS, errorCode: 0, success: true, requestId, ...extra } };
  }

  /** `Response.setErrorInfo`: `resultCode` 500 with the error code and message. */
  private fail(type: string, requestId: unknown, errorCode: number, message: string): NacosReply {
    return { type, body: { resultCode: this.protocol.RESULT_FAIL, errorCode, success: false, message, requestId } };
  }
}

function keyOf(body: Record<string, unknown>): ConfigKey {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { dataId: text(body.dataId), group: text(body.group), tenant: text(body.tenant) };
}
