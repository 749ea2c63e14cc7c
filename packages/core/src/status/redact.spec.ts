import { hasUserInfo, redact } from './redact';

const PASSWORD = 's3cret-pw';

describe('redact', () => {
  it('masks credentials in URLs and key=value pairs', () => {
    expect(redact('cannot reach http://admin:s3cret@10.0.0.1:2379 (password=s3cret, token: abc)')).toBe(
      'cannot reach http://[redacted]@10.0.0.1:2379 (password=[redacted] token: [redacted]',
    );
  });

  it('leaves a message without credentials as it is', () => {
    const message = "Config source 'etcd:/app/' · rateLimit.limit: must be an integer number (got a string)";
    expect(redact(message)).toBe(message);
    const other = 'published by alice@example.com at 12:30 with @config-center/core@0.1.0 from unix:/run/etcd@1.sock';
    expect(redact(other)).toBe(other);
  });

  it.each([
    ['https://user:PW@host:2379', 'https://[redacted]@host:2379'],
    ['user:PW@host:2379', '[redacted]@host:2379'],
    ['dns:user:PW@host', 'dns:[redacted]@host'],
    ['dns:///user:PW@host:2379', 'dns:///[redacted]@host:2379'],
    ['dns://8.8.8.8/user:PW@host:2379', 'dns://8.8.8.8/[redacted]@host:2379'],
    ['http://user@host:2379', 'http://[redacted]@host:2379'],
    ['http://user:PW%40x%3A@host', 'http://[redacted]@host'],
    ['http://user:PW@x@host', 'http://[redacted]@host'],
    ['https://user:PW@[::1]:2379', 'https://[redacted]@[::1]:2379'],
    ['ipv6:user:PW@[::1]:2379', 'ipv6:[redacted]@[::1]:2379'],
    ['unix://user:PW@/run/etcd.sock', 'unix://[redacted]@/run/etcd.sock'],
  ])('masks every form of user info: %s', (endpoint, expected) => {
    const password = PASSWORD;
    const written = endpoint.replace('PW', password);
    const message = `14 UNAVAILABLE: Name resolution failed for target ${written} ('${written}', [${written}])`;
    const redacted = redact(message);
    expect(redacted).toBe(`14 UNAVAILABLE: Name resolution failed for target ${expected} ('${expected}', [${expected}])`);
    expect(redacted).not.toContain('s3cret');
    expect(redact(redacted)).toBe(redacted);
  });

  it('masks each endpoint of a list', () => {
    expect(redact(`at https://a:${PASSWORD}@h1:2379,https://b:${PASSWORD}@h2:2379`)).toBe(
      'at https://[redacted]@h1:2379,https://[redacted]@h2:2379',
    );
  });

  it('takes linear time on long hostile text', () => {
    const hostile = ['a'.repeat(80_000), 'a:'.repeat(80_000), `x://${'a'.repeat(80_000)}`, ` ${'a:'.repeat(40_000)}${'@'.repeat(40_000)}`];
    const started = process.hrtime.bigint();
    hostile.forEach(redact);
    // Linear: milliseconds. The quadratic backtracking this guards against took over 20 s per input.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
  });
});

describe('hasUserInfo', () => {
  it.each([
    'https://user:pw@host:2379',
    'user:pw@host:2379',
    'user@host:2379',
    'dns:user:pw@host',
    'dns:///user:pw@host',
    'dns://8.8.8.8/user:pw@host',
    'http://user@host',
    'http://user:p%40ss@[::1]:2379',
    'ipv4:user:pw@10.0.0.1:2379',
  ])('finds user info in %s', (endpoint) => expect(hasUserInfo(endpoint)).toBe(true));

  it.each(['127.0.0.1:2379', 'https://etcd.internal:2379', 'dns:///etcd:2379', '[::1]:2379', 'unix:/run/etcd@1.sock', 'http://host/a@b'])(
    'finds none in %s',
    (endpoint) => expect(hasUserInfo(endpoint)).toBe(false),
  );
});
