import type { ConfigStatus } from '../interfaces/config-status.interface';
import { statusLine } from './status-line';

const at = new Date(0);

describe('statusLine', () => {
  it('says ready, with the version and the sources', () => {
    const status: ConfigStatus = {
      state: 'ready',
      version: 3,
      sources: [
        { name: 'file:app.yaml', state: 'connected', rejectedUpdates: 0, reconnects: 0 },
        { name: 'env:APP__', state: 'connected', rejectedUpdates: 0, reconnects: 0 },
      ],
      quarantined: [],
      unknownKeys: ['rateLimit.limt'],
      uncoveredKeys: [],
      keyIds: [],
    };
    expect(statusLine(status)).toBe('Config ready: version 3 from file:app.yaml, env:APP__; keys no field declares: rateLimit.limt');
  });

  it('says degraded and why: each source not connected with its error, each quarantined section with its paths', () => {
    const status: ConfigStatus = {
      state: 'degraded',
      version: 1,
      sources: [
        {
          name: 'file:app.yaml',
          state: 'cached',
          rejectedUpdates: 1,
          reconnects: 0,
          lastError: { message: 'malformed YAML at line 2', at },
        },
        {
          name: 'etcd:/b/',
          state: 'reconnecting',
          rejectedUpdates: 0,
          reconnects: 2,
          lastError: { message: 'cannot reach http://admin:pw1@10.0.0.1', at },
        },
        { name: 'etcd:/app/', state: 'connected', rejectedUpdates: 0, reconnects: 0 },
      ],
      quarantined: [
        {
          section: 'rateLimit',
          source: 'etcd:/app/',
          since: at,
          issues: [{ path: 'rateLimit.limit', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' }],
        },
      ],
      unknownKeys: [],
      uncoveredKeys: [],
      keyIds: [],
    };
    expect(statusLine(status)).toBe(
      "Config degraded: version 1 from file:app.yaml, etcd:/b/, etcd:/app/; source 'file:app.yaml' is cached (malformed YAML at line 2); " +
        "source 'etcd:/b/' is reconnecting (cannot reach http://[redacted]@10.0.0.1); " +
        "section 'rateLimit' keeps its last good value (rateLimit.limit: must not be less than 1)",
    );
  });
});
