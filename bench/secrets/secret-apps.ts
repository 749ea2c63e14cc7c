import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsString } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { ConfigCenterModule, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { encryptValue, StaticKeyring } from '@config-center/core/secrets';

/** How the values of a benchmark app arrive: as text, or each sealed in an `enc:` envelope under `k1`. */
export type ValueKind = 'plain' | 'secret';

const KEY = randomBytes(32);
const KEYRING = new StaticKeyring(new Map([['k1', KEY]]));
/** The module's `secrets` option of every app here: one inline key. */
export const SECRETS = { keys: { k1: KEY.toString('base64') } };

/** The value `text` at config path `path` as `kind` delivers it. */
export function valueOf(kind: ValueKind, path: string, text: string): string {
  return kind === 'plain' ? text : encryptValue(text, 'k1', { path, keyring: KEYRING });
}

/** `count` section classes `s0`, `s1`, … with `fields` string fields `f0`, `f1`, … each (`@IsString()`). */
export function stringSections(count: number, fields: number): (new () => object)[] {
  return Array.from({ length: count }, (_, index) => {
    class Generated {}
    for (let f = 0; f < fields; f++) IsString()(Generated.prototype, `f${f}`);
    ConfigSection(`s${index}`)(Generated);
    return Generated;
  });
}

/** The tree of `sections` × `fields` values, each `v<n>` as `kind` delivers it. */
export function treeOf(kind: ValueKind, sections: number, fields: number): Record<string, Record<string, string>> {
  const section = (s: number) =>
    Object.fromEntries(Array.from({ length: fields }, (_, f) => [`f${f}`, valueOf(kind, `s${s}.f${f}`, `v${f}`)]));
  return Object.fromEntries(Array.from({ length: sections }, (_, s) => [`s${s}`, section(s)]));
}

/** Boots an application context serving `tree` from a memory source, with the one key. */
export async function startApp(types: (new () => object)[], memory: MemoryConfigSource): Promise<INestApplicationContext> {
  @Module({ imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: types, secrets: SECRETS })] })
  class SecretsBenchModule {}
  const app = await NestFactory.createApplicationContext(SecretsBenchModule, { logger: false });
  await app.init();
  return app;
}
