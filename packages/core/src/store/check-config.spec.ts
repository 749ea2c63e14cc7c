import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { z } from 'zod';
import { ConfigSection } from '../decorators/config-section.decorator';
import { defineSection } from '../decorators/define-section';
import { ConfigStore } from './config-store';
import { MemoryConfigSource } from '../sources/memory-config-source';
import { ConfigValidationError } from '../errors';
import { checkConfig } from './check-config';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

@ConfigSection('greeting')
class GreetingConfig {
  @IsString() message = 'Hello';
}

const Flags = defineSection('flags', z.object({ beta: z.boolean().default(false) }), { unknownKeys: 'reject' });

describe('checkConfig', () => {
  it('binds every section on the merged layers, later layers on top', () => {
    const check = checkConfig(
      [
        { name: 'base', tree: { rateLimit: { limit: 5 }, greeting: { message: 'Hi', extra: 'x' } } },
        { name: 'proposal', tree: { rateLimit: { limit: 7 } } },
      ],
      [RateLimitConfig, GreetingConfig, Flags],
    );
    expect(check.parseErrors).toEqual([]);
    expect(check.sections.map(({ name, error, unknownKeys }) => ({ name, error, unknownKeys }))).toEqual([
      { name: 'RateLimitConfig', error: undefined, unknownKeys: [] },
      { name: 'GreetingConfig', error: undefined, unknownKeys: ['greeting.extra'] },
      { name: "defineSection('flags')", error: undefined, unknownKeys: [] },
    ]);
  });

  it('lists the top-level keys no section covers, with the section path each most likely misspells, unless told to ignore them', () => {
    const layers = [{ name: 'proposal', tree: { ratelimit: { limit: 7 }, greetings: { message: 'Hi' }, legacy: { a: 1 }, zzz: 1 } }];
    const sections = [RateLimitConfig, GreetingConfig, Flags];
    expect(checkConfig(layers, sections).uncoveredKeys).toEqual([
      { key: 'ratelimit', didYouMean: 'rateLimit' },
      { key: 'greetings', didYouMean: 'greeting' },
      { key: 'legacy' },
      { key: 'zzz' },
    ]);
    expect(checkConfig(layers, sections, { ignoreKeys: ['legacy', 'zzz'] }).uncoveredKeys.map((k) => k.key)).toEqual([
      'ratelimit',
      'greetings',
    ]);
    expect(checkConfig(layers, sections, { unknownKeys: 'ignore' }).uncoveredKeys).toEqual([]);
  });

  it('reports every invalid section, each blamed on the layer holding its bad path', () => {
    const check = checkConfig(
      [
        { name: 'base', tree: { greeting: { message: ['a list'] } } },
        { name: 'proposal', tree: { rateLimit: { limit: 0 }, flags: { beta: true, typo: 1 } } },
      ],
      [RateLimitConfig, GreetingConfig, Flags],
    );
    const failed = check.sections.map((section) => [section.error?.source, section.error?.issues.map((issue) => issue.path)]);
    expect(failed).toEqual([
      ['proposal', ['rateLimit.limit']],
      ['base', ['greeting.message']],
      ['proposal', ['flags.typo']],
    ]);
  });

  it('gives the issues the store throws at startup for the same layers', async () => {
    const layers = [{ name: 'proposal', tree: { rateLimit: { limit: -1 } } }];
    const store = new ConfigStore({ sources: [new MemoryConfigSource(layers[0].tree, 'proposal')], sections: [RateLimitConfig] });
    const thrown = await store.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    await store.close();
    expect(thrown).toBeInstanceOf(ConfigValidationError);
    expect(checkConfig(layers, [RateLimitConfig]).sections[0].error).toEqual(thrown);
  });

  it('reports left-out keys and binds anyway; a key beyond the input limits is left out, as the app leaves it out', () => {
    const leftOut = checkConfig([{ name: 'dir', tree: {}, problems: [{ key: 'bad/', problem: 'empty segment' }] }], [RateLimitConfig]);
    expect(leftOut.parseErrors.map((error) => [error.source, error.location, error.reason])).toEqual([['dir', 'bad/', 'empty segment']]);
    expect(leftOut.sections).toHaveLength(1);
    const forbidden = checkConfig([{ name: 'file', tree: JSON.parse('{"__proto__": {"x": 1}}') }], [RateLimitConfig]);
    expect(forbidden.parseErrors.map((error) => [error.source, error.location])).toEqual([['file', '__proto__']]);
    expect(forbidden.sections).toHaveLength(1);
  });
});
