import { IsInt, IsString, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core';

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
