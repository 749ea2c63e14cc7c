import { createHash } from 'node:crypto';

// The JSON shapes of the request and response classes of Nacos 3.0.3 (alibaba/nacos, api/src/main/java/
// com/alibaba/nacos/api/remote/{request,response} and .../api/config/remote/{request,response}),
// read there, not checked against older releases; only the fields a config client and our test
// server use.

/** `ResponseCode.SUCCESS` (api/.../remote/response/ResponseCode.java): the request was handled. */
export const RESULT_SUCCESS = 200;
/** `ResponseCode.FAIL`: every refusal, with `errorCode` saying which. */
export const RESULT_FAIL = 500;
/** `ConfigQueryResponse.CONFIG_NOT_FOUND`: with `resultCode` 500 and "config data not exist" (ConfigQueryRequestHandler). */
export const CONFIG_NOT_FOUND = 300;
/** `NacosException.UN_REGISTER`: a request on a connection whose setup the server has not registered (GrpcRequestAcceptor). */
export const UN_REGISTER = 301;

/** `NacosException.NO_RIGHT`: a request whose access token is missing, invalid or expired (RemoteRequestAuthFilter). */
export const NO_RIGHT = 403;

/** `Response`: every answer; `setErrorInfo(code, msg)` sets `resultCode` 500, `errorCode` and `message`. */
export interface NacosResponse {
  readonly resultCode: number;
  readonly errorCode: number;
  readonly message?: string;
  readonly requestId?: string;
  readonly success?: boolean;
}

/** Every `Request` carries headers and, from the server on the stream, the `requestId` its ack must echo. */
export interface NacosRequest {
  readonly headers?: Record<string, string>;
  readonly requestId?: string;
}

/** `ServerCheckResponse`: the id the server gave the transport the check came on. */
export interface ServerCheckResponse extends NacosResponse {
  readonly connectionId: string;
  readonly supportAbilityNegotiation?: boolean;
}

/** `ConnectionSetupRequest`, the first payload a client writes on its stream. */
export interface ConnectionSetupRequest extends NacosRequest {
  readonly clientVersion: string;
  readonly tenant: string;
  readonly labels: Record<string, string>;
  /** Non-null asks the server to answer the setup with a `SetupAckRequest` (GrpcBiStreamRequestAcceptor). */
  readonly abilityTable: Record<string, boolean> | null;
}

/** The config a request names: `tenant` is the namespace id, blank meaning the default (`public`). */
export interface ConfigKey {
  readonly dataId: string;
  readonly group: string;
  readonly tenant: string;
}

/** `ConfigBatchListenRequest.ConfigListenContext`: a config and the md5 the client holds ("" for none). */
export interface ConfigListenContext extends ConfigKey {
  readonly md5: string;
}

/** `ConfigBatchListenRequest`: `listen` false removes the listeners. */
export interface ConfigBatchListenRequest extends NacosRequest {
  readonly listen: boolean;
  readonly configListenContexts: readonly ConfigListenContext[];
}

/** `ConfigChangeBatchListenResponse`: the configs whose md5 differs from the one the client sent. */
export interface ConfigChangeBatchListenResponse extends NacosResponse {
  readonly changedConfigs: readonly ConfigKey[];
}

/** `ConfigChangeNotifyRequest`, pushed on the stream; acked by a `ConfigChangeNotifyResponse` with its `requestId`. */
export interface ConfigChangeNotifyRequest extends NacosRequest, ConfigKey {
  readonly requestId: string;
  readonly module?: string;
}

/** `ConfigQueryRequest`. */
export interface ConfigQueryRequest extends NacosRequest, ConfigKey {
  readonly tag?: string;
}

/** `ConfigQueryResponse`: a missing config is `resultCode` 500, `errorCode` 300, no content. */
export interface ConfigQueryResponse extends NacosResponse {
  readonly content?: string | null;
  readonly md5?: string | null;
  readonly contentType?: string | null;
  readonly lastModified?: number;
}

/** `ConfigPublishRequest`: a non-blank `casMd5` publishes only over a config of that md5. */
export interface ConfigPublishRequest extends NacosRequest, ConfigKey {
  readonly content: string;
  readonly casMd5?: string;
  readonly additionMap?: Record<string, string>;
}

/** `ConfigRemoveRequest`. */
export interface ConfigRemoveRequest extends NacosRequest, ConfigKey {
  readonly tag?: string;
}

/** Nacos's md5 of a config: lower-case hex of its UTF-8 content; "" for a config that does not exist. */
export function contentMd5(content: string | undefined | null): string {
  return content === undefined || content === null ? '' : createHash('md5').update(content, 'utf8').digest('hex');
}

/** The namespace id a tenant names: blank is the default namespace, `public` (NamespaceUtil.processNamespaceParameter, 3.x). */
export function namespaceIdOf(tenant: string | undefined | null): string {
  const trimmed = (tenant ?? '').trim();
  return trimmed === '' ? 'public' : trimmed;
}
