import { resolveNacosOptions } from './nacos-options';

describe('NacosConfigSource options', () => {
  it('puts gRPC on the main port + 1000 unless grpcPort is given, and keeps the main port for login', () => {
    expect(resolveNacosOptions({ servers: ['10.0.0.1:8848', 'nacos:80'], dataIds: ['a.yaml'] }).targets).toEqual([
      { grpc: '10.0.0.1:9848', main: '10.0.0.1:8848' },
      { grpc: 'nacos:1080', main: 'nacos:80' },
    ]);
    expect(resolveNacosOptions({ servers: ['h:8848'], grpcPort: 7000, dataIds: ['a.yaml'] }).targets[0].grpc).toBe('h:7000');
  });

  it('defaults: public namespace, DEFAULT_GROUP, the root path, a name from the namespace', () => {
    const options = resolveNacosOptions({
      servers: ['h:8848'],
      dataIds: ['a.yaml', { dataId: 'b.properties', group: 'SHARED', path: 'x.y' }],
    });
    expect(options).toMatchObject({ name: 'nacos:public', namespace: '', relistIntervalMs: 30_000, healthCheckIntervalMs: 5000 });
    expect(options.dataIds).toEqual([
      { dataId: 'a.yaml', group: 'DEFAULT_GROUP', path: [], kind: 'yaml', label: 'DEFAULT_GROUP/a.yaml' },
      { dataId: 'b.properties', group: 'SHARED', path: ['x', 'y'], kind: 'properties', label: 'SHARED/b.properties' },
    ]);
    expect(resolveNacosOptions({ servers: ['h:8848'], namespace: 'prod', dataIds: ['a.yaml'] }).name).toBe('nacos:prod');
  });

  it('refuses mistakes at construction, naming the option and never the password', () => {
    const base = { servers: ['h:8848'], dataIds: ['a.yaml'] };
    expect(() => resolveNacosOptions({ ...base, servers: [] })).toThrow(/servers lists no server/);
    expect(() => resolveNacosOptions({ ...base, servers: ['h'] })).toThrow(/server 'h' is not host:port/);
    expect(() => resolveNacosOptions({ ...base, dataIds: [] })).toThrow(/dataIds lists no dataId/);
    expect(() => resolveNacosOptions({ ...base, dataIds: [{ dataId: 'a.yaml', path: 'a.__proto__' }] })).toThrow(/path of dataId 'a.yaml'/);
    expect(() => resolveNacosOptions({ ...base, password: 'pw-xyz' })).toThrow(/username and password go together/);
    expect(() => resolveNacosOptions({ ...base, password: 'pw-xyz' })).not.toThrow(/pw-xyz/);
  });
});
