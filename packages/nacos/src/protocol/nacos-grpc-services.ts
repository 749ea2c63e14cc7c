import { loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { common, parse } from 'protobufjs';
import { NACOS_GRPC_PROTO } from '../proto/nacos-grpc.proto';

/** `Metadata` of `nacos_grpc_service.proto`, as `@grpc/proto-loader` decodes it (`keepCase`). */
export interface NacosPayloadMetadata {
  readonly type?: string;
  readonly clientIp?: string;
  readonly headers?: Record<string, string>;
}

/** `Payload` of `nacos_grpc_service.proto`: the metadata and a `google.protobuf.Any` holding JSON. */
export interface NacosPayload {
  readonly metadata?: NacosPayloadMetadata;
  readonly body?: { readonly type_url?: string; readonly value?: Buffer | Uint8Array };
}

/** The two services of the protocol, as `@grpc/grpc-js` client constructors (their `.service` serves them). */
export interface NacosGrpcServices {
  readonly Request: ServiceClientConstructor;
  readonly BiRequestStream: ServiceClientConstructor;
}

let services: NacosGrpcServices | undefined;

/**
 * Builds our `.proto` (`NACOS_GRPC_PROTO`) once: parsed by protobufjs with its bundled
 * `google/protobuf/any.proto`, then made a package definition by `@grpc/proto-loader`'s `fromJSON`
 * — the `Request/request` unary service and the `BiRequestStream/requestBiStream` stream. Field
 * names keep their case, so a payload reads as the `.proto` spells it.
 */
export function nacosGrpcServices(): NacosGrpcServices {
  if (services) return services;
  const { root } = parse(NACOS_GRPC_PROTO, { keepCase: true });
  const any = common.get('google/protobuf/any.proto');
  if (any?.nested) root.addJSON(any.nested);
  const definition = fromJSON(root.toJSON(), { keepCase: true, defaults: true, oneofs: true });
  const grpcRoot = loadPackageDefinition(definition);
  services = {
    Request: grpcRoot.Request as ServiceClientConstructor,
    BiRequestStream: grpcRoot.BiRequestStream as ServiceClientConstructor,
  };
  return services;
}

/** A decoded payload: the class name Nacos gives it and its JSON body. */
export interface NacosMessage {
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/**
 * Wraps a request or response body as Nacos does (GrpcUtils.convert): `metadata.type` names its
 * class, the Any holds its JSON and no `type_url`.
 */
export function toPayload(type: string, body: object, clientIp = ''): NacosPayload {
  return { metadata: { type, clientIp, headers: {} }, body: { value: Buffer.from(JSON.stringify(body), 'utf8') } };
}

/** Reads a payload; a body that is not a JSON object reads as `{}` (the type still tells what came). */
export function fromPayload(payload: NacosPayload): NacosMessage {
  const type = payload.metadata?.type ?? '';
  const bytes = payload.body?.value;
  let body: unknown = {};
  try {
    body = bytes && bytes.length ? JSON.parse(Buffer.from(bytes).toString('utf8')) : {};
  } catch {
    body = {};
  }
  return { type, body: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {} };
}
