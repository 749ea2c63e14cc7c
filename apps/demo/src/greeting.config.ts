import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';

/** What `GET /greeting` says. */
@ConfigSection('greeting')
export class GreetingConfig {
  @IsString() @MinLength(1) @MaxLength(200) message = 'Hello';
  @IsString() @MaxLength(3) punctuation = '.';
  @IsBoolean() shout = false;
}
