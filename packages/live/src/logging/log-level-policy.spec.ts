import { enabledLogLevels, isLogLevel, LogLevelPolicy } from './log-level-policy';

describe('LogLevelPolicy', () => {
  const policy = LogLevelPolicy.of({ level: 'log', contexts: { OrdersService: 'verbose', Noisy: 'error' } });

  it('writes the minimum level and above by default', () => {
    expect(policy.isEnabled('log')).toBe(true);
    expect(policy.isEnabled('warn', 'Other')).toBe(true);
    expect(policy.isEnabled('debug')).toBe(false);
    expect(policy.isEnabled('verbose', 'Other')).toBe(false);
  });

  it('lets a context override the minimum, down or up', () => {
    expect(policy.isEnabled('verbose', 'OrdersService')).toBe(true);
    expect(policy.isEnabled('debug', 'OrdersService')).toBe(true);
    expect(policy.isEnabled('warn', 'Noisy')).toBe(false);
    expect(policy.isEnabled('error', 'Noisy')).toBe(true);
  });

  it('lists the enabled levels per context, as Nest takes them', () => {
    expect(policy.levels()).toEqual(['log', 'warn', 'error', 'fatal']);
    expect(policy.levels('OrdersService')).toEqual(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']);
    expect(policy.levels('Noisy')).toEqual(['error', 'fatal']);
    expect(enabledLogLevels('fatal')).toEqual(['fatal']);
  });

  it('knows Nest levels and nothing else', () => {
    expect(['verbose', 'debug', 'log', 'warn', 'error', 'fatal'].every(isLogLevel)).toBe(true);
    expect(['info', 'trace', 'toString', '', 3, undefined].some(isLogLevel)).toBe(false);
  });
});
