import { ConfigParseError, ConfigSecretError, ConfigSourceError, ConfigValidationError } from '../errors';
import { toErrorEvent } from '../store/error-events';
import { instanceFacts, MAX_ISSUES_PER_FACT, rejectionFact } from './instance-facts';

describe('instance facts', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  const source = 'etcd://ops:hunter2@127.0.0.1:2379/app/';

  it('records a validation rejection by revision, path and constraint, the source redacted', () => {
    const error = new ConfigValidationError(source, [
      { path: 'limits.max', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' },
    ]);
    expect(rejectionFact(toErrorEvent(source, error, undefined, '42'), at)).toEqual({
      source: 'etcd://[redacted]@127.0.0.1:2379/app/',
      revision: '42',
      kind: 'validation',
      issues: [{ path: 'limits.max', constraint: 'must not be less than 1' }],
      at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('records an undecryptable value as kind secret, by path and key id', () => {
    const message = "cannot be decrypted with key 'k9': no key with this id is held";
    const error = new ConfigSecretError(source, [{ path: 'db.password', constraints: { secret: message }, message }]);
    expect(rejectionFact(toErrorEvent(source, error), at)).toMatchObject({
      kind: 'secret',
      issues: [{ path: 'db.password', constraint: message }],
    });
  });

  it('records unreadable input by its key and reason, and nothing for a failing connection', () => {
    const parse = new ConfigParseError('file', 'config/app.yaml', 'YAML: unexpected end of input at line 3');
    expect(rejectionFact(toErrorEvent('file', parse), at)).toEqual({
      source: 'file',
      revision: undefined,
      kind: 'parse',
      issues: [{ path: 'config/app.yaml', constraint: 'YAML: unexpected end of input at line 3' }],
      at: '2026-01-02T03:04:05.000Z',
    });
    expect(rejectionFact(toErrorEvent('etcd', new ConfigSourceError('etcd', 'unreachable', true)), at)).toBeUndefined();
  });

  it('lists at most MAX_ISSUES_PER_FACT issues of one rejection', () => {
    const issues = Array.from({ length: 50 }, (_, i) => ({ path: `p${i}`, constraints: {}, message: 'must be a string' }));
    expect(rejectionFact(toErrorEvent('memory', new ConfigValidationError('memory', issues)), at)?.issues).toHaveLength(
      MAX_ISSUES_PER_FACT,
    );
  });

  it('takes the status field by field, with ISO times and redacted source names', () => {
    const since = new Date('2026-01-01T00:00:00.000Z');
    const facts = instanceFacts(
      {
        state: 'degraded',
        version: 3,
        hash: 'abc',
        appliedAt: at,
        sources: [{ name: source, state: 'connected', revision: '7', receivedRevision: '8', rejectedUpdates: 1, reconnects: 2 }],
        quarantined: [
          { section: 'limits', source, issues: [{ path: 'limits.max', constraints: {}, message: 'must be an integer number' }], since },
        ],
        unknownKeys: ['limits.maks'],
        uncoveredKeys: [],
        keyIds: ['k1', 'k2'],
      },
      [],
    );
    expect(facts).toEqual({
      state: 'degraded',
      version: 3,
      hash: 'abc',
      appliedAt: '2026-01-02T03:04:05.000Z',
      sources: [{ name: 'etcd://[redacted]@127.0.0.1:2379/app/', state: 'connected', revision: '7' }],
      quarantined: [
        {
          section: 'limits',
          source: 'etcd://[redacted]@127.0.0.1:2379/app/',
          issues: [{ path: 'limits.max', constraint: 'must be an integer number' }],
          since: '2026-01-01T00:00:00.000Z',
        },
      ],
      keyIds: ['k1', 'k2'],
      rejections: [],
    });
  });
});
