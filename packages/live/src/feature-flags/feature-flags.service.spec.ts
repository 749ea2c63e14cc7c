import { Test } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, MemoryConfigSource } from '@config-center/core';
import { FeatureFlags, flagValue } from './feature-flags.service';

describe('flagValue', () => {
  it('is on for true and "true", off for false and "false"', () => {
    expect([true, 'true', ' TRUE '].map((value) => flagValue(value, false))).toEqual([true, true, true]);
    expect([false, 'false', 'False'].map((value) => flagValue(value, true))).toEqual([false, false, false]);
  });

  it('uses the fallback only when the flag is missing', () => {
    expect(flagValue(undefined, true)).toBe(true);
    expect(flagValue(null, true)).toBe(true);
    expect(flagValue(undefined, false)).toBe(false);
  });

  it('turns anything else off, whatever the fallback', () => {
    expect(['yes', 1, {}, [], ''].map((value) => flagValue(value, true))).toEqual([false, false, false, false, false]);
  });
});

describe('FeatureFlags', () => {
  it('reads flags under the root from the config being served, and follows changes', async () => {
    const memory = new MemoryConfigSource({ features: { checkout: { v2: true } }, beta: 'true' });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigCenterModule.forRoot({ sources: [memory] })] }).compile();
    await moduleRef.init();
    const config = moduleRef.get(ConfigCenterService);
    const flags = new FeatureFlags(config, {});
    const seen: boolean[] = [];
    const subscription = flags.observe('checkout.v2').subscribe((on) => seen.push(on));
    try {
      expect([flags.isEnabled('checkout.v2'), flags.isEnabled('missing'), flags.isEnabled('missing', true)]).toEqual([true, false, true]);
      memory.set('features.checkout.v2', false);
      memory.set('features.other', 1);
      memory.set('features.checkout.v2', 'yes');
      expect(flags.isEnabled('checkout.v2')).toBe(false);
      memory.set('features.checkout.v2', true);
      expect(seen).toEqual([true, false, true]);
      expect(new FeatureFlags(config, { root: '' }).isEnabled('beta')).toBe(true);
      expect(flags.pathOf('checkout.v2')).toBe('features.checkout.v2');
    } finally {
      subscription.unsubscribe();
      await moduleRef.close();
    }
  });
});
