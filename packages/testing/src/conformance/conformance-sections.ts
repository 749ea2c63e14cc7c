import { IsBoolean, IsInt, IsOptional, IsString } from 'class-validator';
import { z } from 'zod';
import { ConfigSection, defineSection, type Section } from '@config-center/core';

/**
 * The sections the kit's store binds over the paths its checks write, so that every check also
 * reads what the source delivered through a section, as an app does: values arrive as text and
 * each section converts them to the type its field declares (`'3'` → 3, `'true'` → true, and
 * `'1.10'` or `'007'` stay text where the field takes a string). Every field has a default or is
 * optional, since each check writes only its own paths.
 */
export interface ConformanceSections {
  readonly initial: Section<{ greeting: string; count: number }>;
  readonly update: Section<{ value: number; sibling: string }>;
  readonly remove: Section<{ gone?: number; kept: number }>;
  readonly batch: Section<{ a: number; b: number; c: number; d: number }>;
  readonly resume: Section<{ value: number; added?: string; doomed?: string }>;
  readonly rateLimit: Section<{ limit: number; ratio: string }>;
  readonly db: Section<{ host: string; port: number }>;
  readonly flags: Section<{ beta: boolean }>;
  readonly text: Section<{ zip: string }>;
}

/** How the kit's sections are declared: `@ConfigSection` classes, or `defineSection` with a zod schema. */
export type ConformanceSectionKind = 'class' | 'schema';

@ConfigSection('initial')
class InitialSection {
  @IsString() greeting = '';
  @IsInt() count = 0;
}

@ConfigSection('update')
class UpdateSection {
  @IsInt() value = 0;
  @IsString() sibling = '';
}

@ConfigSection('remove')
class RemoveSection {
  @IsOptional() @IsInt() gone?: number;
  @IsInt() kept = 0;
}

@ConfigSection('batch')
class BatchSection {
  @IsInt() a = 0;
  @IsInt() b = 0;
  @IsInt() c = 0;
  @IsInt() d = 0;
}

@ConfigSection('resume')
class ResumeSection {
  @IsInt() value = 0;
  @IsOptional() @IsString() added?: string;
  @IsOptional() @IsString() doomed?: string;
}

@ConfigSection('rateLimit')
class RateLimitSection {
  @IsInt() limit = 0;
  @IsString() ratio = '';
}

@ConfigSection('db')
class DbSection {
  @IsString() host = '';
  @IsInt() port = 0;
}

@ConfigSection('flags')
class FlagsSection {
  @IsBoolean() beta = false;
}

@ConfigSection('text')
class TextSection {
  @IsString() zip = '';
}

const int = z.number().int();

/** Each kind's sections: the same paths, fields, defaults and constraints. */
export const CONFORMANCE_SECTIONS: Readonly<Record<ConformanceSectionKind, ConformanceSections>> = {
  class: {
    initial: InitialSection,
    update: UpdateSection,
    remove: RemoveSection,
    batch: BatchSection,
    resume: ResumeSection,
    rateLimit: RateLimitSection,
    db: DbSection,
    flags: FlagsSection,
    text: TextSection,
  },
  schema: {
    initial: defineSection('initial', z.object({ greeting: z.string().default(''), count: int.default(0) })),
    update: defineSection('update', z.object({ value: int.default(0), sibling: z.string().default('') })),
    remove: defineSection('remove', z.object({ gone: int.optional(), kept: int.default(0) })),
    batch: defineSection('batch', z.object({ a: int.default(0), b: int.default(0), c: int.default(0), d: int.default(0) })),
    resume: defineSection('resume', z.object({ value: int.default(0), added: z.string().optional(), doomed: z.string().optional() })),
    rateLimit: defineSection('rateLimit', z.object({ limit: int.default(0), ratio: z.string().default('') })),
    db: defineSection('db', z.object({ host: z.string().default(''), port: int.default(0) })),
    flags: defineSection('flags', z.object({ beta: z.boolean().default(false) })),
    text: defineSection('text', z.object({ zip: z.string().default('') })),
  },
};
