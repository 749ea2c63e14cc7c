import { redact } from './redact';

describe('redact', () => {
  it('masks credentials in URLs and key=value pairs', () => {
    expect(redact('cannot reach http://admin:s3cret@10.0.0.1:2379 (password=s3cret, token: abc)')).toBe(
      'cannot reach http://[redacted]@10.0.0.1:2379 (password=[redacted] token: [redacted]',
    );
  });

  it('leaves a message without credentials as it is', () => {
    const message = "Config source 'etcd:/app/' · rateLimit.limit: must be an integer number (got a string)";
    expect(redact(message)).toBe(message);
  });
});
