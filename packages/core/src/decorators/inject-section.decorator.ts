import { Inject } from '@nestjs/common';
import type { Section } from '../interfaces/config-center-options.interface';
import { tokenOf } from './define-section';

/**
 * Injects the live view of a section, a class or a `defineSection` one. It lives apart from
 * `defineSection` so that a sections module (`@config-center/core/sections`) loads no Nest.
 *
 * @example
 * ```ts
 * constructor(@InjectSection(RateLimit) private readonly rate: SectionOf<typeof RateLimit>) {}
 * ```
 */
export function InjectSection(section: Section): PropertyDecorator & ParameterDecorator {
  return Inject(tokenOf(section));
}
