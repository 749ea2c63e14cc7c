import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ConfigSection, defineSection, MemoryConfigSource, type ConfigErrorEvent, type Section } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { ControlledSource } from './support/controlled-source';
import { PairConfig } from './support/pair-and-limits.sections';

/** A custom rule that throws on one input, with that input in its message, as careless rules do. */
@ValidatorConstraint({ name: 'couponRule' })
class CouponRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === 'hunter2-boom') throw new Error(`cannot parse coupon ${String(value)}`);
    return true;
  }
}

@ConfigSection('checkout')
class CheckoutConfig {
  @IsString() @Validate(CouponRule) coupon = 'none';
  @IsOptional() @IsInt() retries?: number;
}

@ConfigSection('shipping')
class ShippingConfig {
  @Transform(({ value }: { value: unknown }) => {
    if (value === 'hunter2-boom') throw new TypeError(`cannot read zone ${String(value)}`);
    return value;
  })
  @IsString()
  zone = 'eu';
}

/** A Standard Schema validator written by hand that throws on one input (zod turns a throwing refine into a rejected promise). */
const Billing = defineSection('billing', {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value: unknown) {
      const plan = (value as { plan?: unknown }).plan ?? 'free';
      if (plan === 'hunter2-boom') throw new Error(`plan ${String(plan)} exploded`);
      return { value: { plan } };
    },
  },
} satisfies StandardSchemaV1<unknown, { plan: unknown }>) as Section;

async function started(memory: MemoryConfigSource, sections: Section[]) {
  const store = new ConfigStore({ sources: [memory], sections: [PairConfig, ...sections] });
  await store.load();
  store.startWatching();
  const errors: ConfigErrorEvent[] = [];
  store.errors$.subscribe((event) => errors.push(event));
  const section = <T extends object>(type: Section<T>) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, errors, section };
}

describe('a rule that throws is a validation failure of its section', () => {
  it.each([
    ['a @Validate rule', CheckoutConfig, 'checkout.coupon', 'checkout.coupon', /couponRule/],
    ['a @Transform', ShippingConfig, 'shipping.zone', 'shipping.zone', /@Transform/],
    ['a Standard Schema validator', Billing, 'billing.plan', 'billing', /the schema threw/],
  ] as const)(
    '%s: the section is quarantined, the rest of the batch waits with it, nothing leaks the value',
    async (_, type, key, path, rule) => {
      const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 } });
      const { store, errors, section } = await started(memory, [type]);
      memory.batch((batch) => {
        batch.set(key, 'hunter2-boom');
        batch.set('pair.a', 2);
      });
      expect(errors.map((e) => e.kind)).toEqual(['validation']);
      expect(errors[0].message).toContain(path);
      expect(errors[0].message).toMatch(rule);
      const status = store.status();
      expect(status.sources[0].state).toBe('connected');
      expect(status.quarantined.map((q) => q.section)).toEqual([path.split('.')[0]]);
      expect(status.quarantined[0].issues[0].path).toBe(path);
      expect(section(PairConfig).a).toBe(1);
      expect(JSON.stringify({ errors: errors.map(({ message, details }) => ({ message, details })), status })).not.toContain('hunter2');

      memory.set('pair.b', 3);
      expect(section(PairConfig)).toMatchObject({ a: 2, b: 3 });
      memory.set(key, 'fine');
      expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
      expect(store.current.tree).toMatchObject({ pair: { a: 2, b: 3 } });
      await store.close();
    },
  );

  it('names the rule and the field for a rule that throws at startup, and fails the start on it with no cache', async () => {
    const memory = new MemoryConfigSource({ checkout: { coupon: 'hunter2-boom' } });
    const store = new ConfigStore({ sources: [memory], sections: [CheckoutConfig] });
    const failure = store.load().then(
      () => undefined,
      (error: Error) => error,
    );
    const error = await failure;
    expect(error?.message).toMatch(/checkout\.coupon: .*couponRule/);
    expect(error?.message).not.toContain('hunter2');
    await store.close();
  });

  it('drains the queue when an update cannot be applied at all: the batches behind it apply', async () => {
    const remote = new ControlledSource('remote', { pair: { a: 1, b: 1 } });
    const store = new ConfigStore({ sources: [remote], sections: [PairConfig] });
    await store.load();
    store.startWatching();
    const errors: ConfigErrorEvent[] = [];
    store.errors$.subscribe((event) => errors.push(event));
    const hostile = {
      get a(): number {
        throw new RangeError('hunter2');
      },
    };
    // Emitted while the first batch applies: both wait in the queue behind it.
    const once = store.changes$.subscribe(() => {
      once.unsubscribe();
      remote.emit({ kind: 'edits', edits: [{ path: ['pair'], value: hostile }], revision: '3' });
      remote.emit({ kind: 'edits', edits: [{ path: ['pair', 'b'], value: 7 }], revision: '4' });
    });
    remote.emit({ kind: 'edits', edits: [{ path: ['pair', 'a'], value: 2 }], revision: '2' });
    expect(store.current.tree).toEqual({ pair: { a: 2, b: 7 } });
    expect(errors.map((e) => [e.kind, e.revision])).toEqual([['source', '3']]);
    expect(errors[0].message).not.toContain('hunter2');
    await store.close();
  });
});
