import { fromPayload, nacosGrpcServices, toPayload } from './nacos-grpc-services';
import { contentMd5, namespaceIdOf } from './nacos-messages';

describe('the Nacos gRPC protocol as our .proto defines it', () => {
  it('serves the method paths of nacos_grpc_service.proto, which has no package', () => {
    const { Request, BiRequestStream } = nacosGrpcServices();
    expect(Request.service.request).toMatchObject({ path: '/Request/request', requestStream: false, responseStream: false });
    expect(BiRequestStream.service.requestBiStream).toMatchObject({
      path: '/BiRequestStream/requestBiStream',
      requestStream: true,
      responseStream: true,
    });
  });

  it('encodes a Payload with its field numbers: metadata 2 (type 3, headers 7, clientIp 8), body 3 (Any value 2)', () => {
    const bytes = nacosGrpcServices().Request.service.request.requestSerialize(toPayload('T', {}, 'c'));
    // Written by hand from the wire format (tag = field << 3 | 2, length-delimited; fields by number).
    const metadata = '1a0154' + '420163';
    const body = '1202' + '7b7d';
    expect(bytes.toString('hex')).toBe(
      `12${(metadata.length / 2).toString(16).padStart(2, '0')}${metadata}1a${(body.length / 2).toString(16).padStart(2, '0')}${body}`,
    );
  });

  it('encodes a header as a map entry under field 7 (key 1, value 2)', () => {
    const bytes = nacosGrpcServices().Request.service.request.requestSerialize({ metadata: { headers: { k: 'v' } } });
    expect(bytes.toString('hex')).toBe('1208' + '3a060a016b120176');
  });

  it('carries a body as the JSON of its class, named by metadata.type', () => {
    const payload = toPayload('ConfigQueryRequest', { dataId: 'a.yaml', group: 'G', tenant: '' });
    const { requestSerialize, requestDeserialize } = nacosGrpcServices().Request.service.request;
    expect(fromPayload(requestDeserialize(requestSerialize(payload)) as never)).toEqual({
      type: 'ConfigQueryRequest',
      body: { dataId: 'a.yaml', group: 'G', tenant: '' },
    });
  });

  it('has md5 "" for a missing config and the md5 hex of UTF-8 content otherwise; a blank tenant is public', () => {
    expect(contentMd5(undefined)).toBe('');
    expect(contentMd5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(contentMd5('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f'); // md5 of the UTF-8 bytes c3 a9
    expect([namespaceIdOf(''), namespaceIdOf(' '), namespaceIdOf('prod')]).toEqual(['public', 'public', 'prod']);
  });
});
