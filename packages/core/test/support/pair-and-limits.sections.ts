import { IsInt, IsString, Min } from 'class-validator';
import { z } from 'zod';
import { ConfigSection, defineSection, type ConfigValidationIssue, type Section } from '@config-center/core';

/** Two integers that tests change together, at `pair`. */
@ConfigSection('pair')
export class PairConfig {
  @IsInt() a = 0;
  @IsInt() b = 0;
}

/** A limit of at least 1 and a label, at `limits`: `limit: 0` is the invalid change tests make. */
@ConfigSection('limits')
export class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
  @IsString() label = 'default';
}

/** `PairConfig` as a zod schema section: the same fields, defaults and constraints. */
export const PairSchema = defineSection('pair', z.object({ a: z.number().int().default(0), b: z.number().int().default(0) }));

/** `LimitsConfig` as a zod schema section: the same fields, defaults and constraints. */
export const LimitsSchema = defineSection(
  'limits',
  z.object({ limit: z.number().int().min(1).default(10), label: z.string().default('default') }),
);

/**
 * The pair and limits sections of one kind, and how that kind words the failures tests make: a
 * suite runs once per kind (`describe.each(SECTION_KINDS)`) with the same bodies.
 */
export interface PairAndLimits {
  readonly kind: string;
  readonly Pair: Section<{ a: number; b: number }>;
  readonly Limits: Section<{ limit: number; label: string }>;
  /** The issue a `limits.limit` below 1 raises. */
  readonly limitTooSmall: ConfigValidationIssue;
  /** The message for `pair.a` given text that spells no number. */
  readonly notANumber: string;
}

const tooSmall = 'Too small: expected number to be >=1';

/** Each kind of section, class and zod schema, over the same fields and constraints. */
export const SECTION_KINDS: readonly PairAndLimits[] = [
  {
    kind: 'class',
    Pair: PairConfig,
    Limits: LimitsConfig,
    limitTooSmall: { path: 'limits.limit', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' },
    notANumber: 'must be an integer number (got a string)',
  },
  {
    kind: 'zod schema',
    Pair: PairSchema,
    Limits: LimitsSchema,
    limitTooSmall: { path: 'limits.limit', constraints: { schema: tooSmall }, message: tooSmall },
    notANumber: 'Invalid input: expected number, received string',
  },
];
