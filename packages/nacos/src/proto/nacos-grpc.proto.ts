/**
 * The Nacos 2.x/3.x gRPC client protocol as a `.proto` of our own, with the field numbers and names
 * of Nacos's published `api/src/main/proto/nacos_grpc_service.proto` (alibaba/nacos 3.0.3 and
 * 3.1.0-SNAPSHOT). Every message travels as a `Payload` whose body is a
 * `google.protobuf.Any` holding the UTF-8 JSON of a request or response class named by
 * `metadata.type` (its Java simple class name, e.g. `ConfigQueryRequest`); Nacos leaves the Any's
 * `type_url` empty. No `package`, as in Nacos's file: the method paths must be `/Request/request`
 * and `/BiRequestStream/requestBiStream`. Kept as text here so that it ships inside `dist`. Nacos's own file also has a
 * `RequestStream` service that no client uses; it is left out.
 */
export const NACOS_GRPC_PROTO = `syntax = "proto3";

import "google/protobuf/any.proto";

message Metadata {
  string type = 3;
  string clientIp = 8;
  map<string, string> headers = 7;
}

message Payload {
  Metadata metadata = 2;
  google.protobuf.Any body = 3;
}

service Request {
  rpc request (Payload) returns (Payload) {}
}

service BiRequestStream {
  rpc requestBiStream (stream Payload) returns (stream Payload) {}
}
`;
