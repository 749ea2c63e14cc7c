import { hostname } from 'node:os';
import { ConfigCenterError } from '../errors';
import { instanceIdentity } from './instance-identity';

describe('instanceIdentity', () => {
  it('keeps a given id, and takes the host, pid, labels and start time', () => {
    const before = Date.now();
    const identity = instanceIdentity({ instanceId: 'orders-a_1.prod', labels: { zone: 'eu-west-1a', 'tier.kind': '' } });
    expect(identity).toEqual({
      instanceId: 'orders-a_1.prod',
      host: hostname(),
      pid: process.pid,
      labels: { zone: 'eu-west-1a', 'tier.kind': '' },
      startedAt: expect.any(String),
    });
    expect(Date.parse(identity.startedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('generates a different UUID per start when no id is given', () => {
    const [a, b] = [instanceIdentity(), instanceIdentity()];
    expect(a.instanceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.instanceId).not.toBe(b.instanceId);
    expect(a.labels).toEqual({});
  });

  it.each([
    ['an empty id', ''],
    ['a slash', 'a/b'],
    ['a leading dash', '-a'],
    ['129 characters', 'a'.repeat(129)],
  ])('refuses an instance id with %s', (_, instanceId) => {
    expect(() => instanceIdentity({ instanceId })).toThrow(
      new ConfigCenterError(
        "Instance report: the instance id must be 1–128 letters, digits, '.', '_' or '-', starting with a letter or digit",
      ),
    );
  });

  it.each([
    ['a space', { 'my zone': 'a' }, /label name "my zone" is not allowed/],
    ['an equals sign', { 'zone=a': 'a' }, /label name "zone=a" is not allowed/],
    ['an empty name', { '': 'a' }, /label name "" is not allowed/],
    ['64 characters', { ['k'.repeat(64)]: 'a' }, /label name "k{64}" is not allowed: use 1–63 letters/],
  ])('refuses a label name with %s, naming it', (_, labels, message) => {
    expect(() => instanceIdentity({ labels })).toThrow(message);
  });

  it.each([
    ['a comma', 'a,b'],
    ['a space', 'a b'],
    ['64 characters', 'v'.repeat(64)],
    ['a number', 3 as unknown as string],
  ])('refuses a label value with %s, naming the label and not the value', (_, value) => {
    let message = '';
    try {
      instanceIdentity({ labels: { zone: value } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      `Instance report: the value of label "zone" is not allowed: use a string of at most 63 letters, digits, '.', '_' or '-'`,
    );
  });

  it('refuses more than 32 labels, and labels that are not an object', () => {
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    expect(() => instanceIdentity({ labels: many })).toThrow('Instance report: at most 32 labels (got 33)');
    expect(() => instanceIdentity({ labels: ['a'] as unknown as Record<string, string> })).toThrow(/labels must be an object/);
  });
});
