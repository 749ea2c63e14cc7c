import { ConfigCenterError } from '@config-center/core';
import { normalizePrefix, parseWait, resolveConsulOptions } from './consul-options';

describe('resolveConsulOptions', () => {
  it('fills in the defaults: local agent, 5 minute wait, burst 2 at 1/s, a name from the prefix', () => {
    expect(resolveConsulOptions({ prefix: 'configs/orders' })).toMatchObject({
      name: 'consul:configs/orders/',
      displayUrl: 'http://127.0.0.1:8500',
      prefix: 'configs/orders/',
      consistency: 'default',
      waitMs: 300_000,
      burst: 2,
      perSecond: 1,
      retry: { initialDelayMs: 500, maxDelayMs: 5_000, factor: 2 },
    });
  });

  it('normalises the prefix: no leading slash, a trailing one, empty for the whole KV', () => {
    expect(['/app', 'app/', '//app/x', ''].map(normalizePrefix)).toEqual(['app/', 'app/', 'app/x/', '']);
  });

  it('reads waits as milliseconds or Consul durations, and refuses more than 10 minutes', () => {
    expect(['90s', '5m', '1m30s', '250ms', '1.5s'].map(parseWait)).toEqual([90_000, 300_000, 90_000, 250, 1500]);
    expect(resolveConsulOptions({ prefix: 'a', wait: '10m' }).waitMs).toBe(600_000);
    expect(() => resolveConsulOptions({ prefix: 'a', wait: '11m' })).toThrow(/at most 10 minutes/);
    expect(() => resolveConsulOptions({ prefix: 'a', wait: 0 })).toThrow(ConfigCenterError);
    expect(() => parseWait('5 minutes')).toThrow(/not a duration/);
  });

  it('accepts http and https only, and shows the address without its query', () => {
    expect(() => resolveConsulOptions({ prefix: 'a', url: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveConsulOptions({ prefix: 'a', url: 'not a url' })).toThrow(ConfigCenterError);
    expect(resolveConsulOptions({ prefix: 'a', url: 'https://consul.local:8501/?dc=x#y' }).displayUrl).toBe('https://consul.local:8501');
  });

  it.each([
    'https://user:s3cret@consul.local:8501/',
    'http://user@consul.local:8500',
    'http://user:s3cret%40x@[::1]:8500',
    'user:s3cret@consul.local:8500',
  ])('refuses a url with user info (%s), pointing to token and basicAuth, without echoing it', (url) => {
    let message = '';
    try {
      resolveConsulOptions({ prefix: 'a', url });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigCenterError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Consul source: url carries a user name or password: give the address alone, the ACL token as `token` and, ' +
        'for a proxy that asks for basic auth, `basicAuth: { username, password }`',
    );
  });

  it('keeps basic auth given as its own option', () => {
    const basicAuth = { username: 'proxy', password: 's3cret' };
    expect(resolveConsulOptions({ prefix: 'a', url: 'http://consul.local:8500', basicAuth })).toMatchObject({
      basicAuth,
      displayUrl: 'http://consul.local:8500',
    });
  });

  it('refuses an unknown consistency mode and an empty rate limit', () => {
    expect(() => resolveConsulOptions({ prefix: 'a', consistency: 'eventual' as 'stale' })).toThrow(/consistency/);
    expect(() => resolveConsulOptions({ prefix: 'a', rateLimit: { perSecond: 0 } })).toThrow(/rateLimit/);
  });
});
