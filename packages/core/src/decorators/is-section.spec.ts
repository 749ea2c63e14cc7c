import { z } from 'zod';
import { ConfigSection } from './config-section.decorator';
import { defineSection } from './define-section';
import { isSection } from './is-section';

describe('isSection', () => {
  @ConfigSection('rateLimit')
  class RateLimitConfig {
    limit = 100;
  }
  class NotASection {
    limit = 100;
  }

  it('accepts @ConfigSection classes, their subclasses and defineSection sections', () => {
    class Stricter extends RateLimitConfig {}
    expect(isSection(RateLimitConfig)).toBe(true);
    expect(isSection(Stricter)).toBe(true);
    expect(isSection(defineSection('greeting', z.object({ message: z.string() })))).toBe(true);
  });

  it('refuses anything else a module may export', () => {
    for (const value of [NotASection, { path: 'a', schema: {} }, 'rateLimit', undefined, null, () => 1, z.object({})]) {
      expect(isSection(value)).toBe(false);
    }
  });
});
