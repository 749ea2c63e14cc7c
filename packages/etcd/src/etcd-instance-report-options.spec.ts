import { ConfigCenterError } from '@config-center/core';
import { EtcdConfigSource } from './etcd-config-source';

describe('EtcdConfigSource report options', () => {
  const source = (report: object) => new EtcdConfigSource({ hosts: '127.0.0.1:2379', prefix: '/app/', report });

  it('has no reporter unless asked, and one when given report', async () => {
    const off = new EtcdConfigSource({ hosts: '127.0.0.1:2379', prefix: '/app/' });
    const on = source({ instanceId: 'app-1', labels: { zone: 'a' } });
    expect(off.reporter).toBeUndefined();
    expect(on.reporter).toBeDefined();
    await Promise.all([off.close(), on.close()]);
  });

  it.each([
    [{ ttlSeconds: 0 }, 'EtcdConfigSource report.ttlSeconds must be a whole number of seconds, at least 3'],
    [{ ttlSeconds: 2 }, 'EtcdConfigSource report.ttlSeconds must be a whole number of seconds, at least 3'],
    [{ ttlSeconds: 1.5 }, 'EtcdConfigSource report.ttlSeconds must be a whole number of seconds, at least 3'],
    [{ minWriteIntervalMs: -1 }, 'EtcdConfigSource report.minWriteIntervalMs must be a number of milliseconds, 0 or more'],
    [{ labels: { 'a b': 'x' } }, /^Instance report: label name "a b" is not allowed/],
    [{ instanceId: 'a/b' }, /^Instance report: the instance id must be/],
  ])('refuses %j with an error naming the option', (report, message) => {
    expect(() => source(report)).toThrow(message);
    expect(() => source(report)).toThrow(ConfigCenterError);
  });
});
