/**
 * `@config-center/nacos/protocol`: the Nacos 2.x/3.x gRPC client protocol as this package speaks
 * it — the services of our `.proto`, payload wrapping, the request/response shapes and codes, md5
 * and namespace rules — for a test server or a tool that must speak it the same way.
 */
export {
  fromPayload,
  nacosGrpcServices,
  toPayload,
  type NacosGrpcServices,
  type NacosMessage,
  type NacosPayload,
  type NacosPayloadMetadata,
} from './nacos-grpc-services';
export * from './nacos-messages';
