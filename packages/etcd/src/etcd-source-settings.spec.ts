import { ConfigCenterError } from '@config-center/core';
import { etcdSourceSettings } from './etcd-source-settings';

describe('etcdSourceSettings', () => {
  it('applies the documented defaults and ends the prefix in /', () => {
    expect(etcdSourceSettings({ hosts: '127.0.0.1:2379', prefix: '/configs/orders' })).toEqual({
      prefix: '/configs/orders/',
      name: 'etcd:/configs/orders/',
      retry: { initialDelayMs: 100, maxDelayMs: 5000, factor: 2 },
      requestTimeoutMs: 10_000,
      keepaliveMs: 10_000,
      dialTimeoutMs: 5000,
      reconcileIntervalMs: 300_000,
      accessCheckIntervalMs: 30_000,
    });
  });

  it('keeps what the options give, a partial retry over the default one', () => {
    const settings = etcdSourceSettings({
      hosts: ['127.0.0.1:2379'],
      prefix: '/app/',
      name: 'orders',
      retry: { maxDelayMs: 300 },
      requestTimeoutMs: 1,
      keepaliveMs: 0,
      dialTimeoutMs: 2,
      reconcileIntervalMs: 0,
      accessCheckIntervalMs: 3,
    });
    expect(settings).toEqual({
      prefix: '/app/',
      name: 'orders',
      retry: { initialDelayMs: 100, maxDelayMs: 300, factor: 2 },
      requestTimeoutMs: 1,
      keepaliveMs: 0,
      dialTimeoutMs: 2,
      reconcileIntervalMs: 0,
      accessCheckIntervalMs: 3,
    });
  });

  it.each(['', '/'])('refuses the prefix %j', (prefix) => {
    expect(() => etcdSourceSettings({ hosts: '127.0.0.1:2379', prefix })).toThrow(ConfigCenterError);
    expect(() => etcdSourceSettings({ hosts: '127.0.0.1:2379', prefix })).toThrow(/needs a non-empty `prefix`/);
  });

  it('refuses a source with neither hosts nor a client', () => {
    expect(() => etcdSourceSettings({ hosts: [], prefix: '/app/' })).toThrow(/needs `hosts` \(one endpoint or many\) or an etcd3 `client`/);
  });
});
