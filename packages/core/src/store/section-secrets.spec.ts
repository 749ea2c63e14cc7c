import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { IsIn, IsInt, IsString, MinLength } from 'class-validator';
import { z } from 'zod';
import { ConfigSection } from '../decorators/config-section.decorator';
import { defineSection } from '../decorators/define-section';
import { Secret } from '../decorators/secret.decorator';
import { encryptValue } from '../secrets/secret-cipher';
import { StaticKeyring } from '../secrets/secret-keyring';
import { bindSection, type BindResult } from './section-binder';
import { SectionRegistry } from './section-registry';

@ConfigSection('db')
class DbConfig {
  @IsString() host = 'localhost';
  @IsInt() port = 5432;
  @Secret() @IsString() @MinLength(4) password = 'default-pw';
  @IsString() user = 'app';
}

@ConfigSection('api')
class ApiConfig {
  @IsString() @IsIn(['read', 'write'], { message: '$value is not a mode' }) mode = 'read';
}

const keyring = new StaticKeyring(new Map([['k1', randomBytes(32)]]));
const registry = new SectionRegistry('warn', [], keyring);
const seal = (text: string, path: string, kid = 'k1') => encryptValue(text, kid, { path, keyring });
const bound = (result: BindResult) => {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.instance;
};

describe('secrets in section binding', () => {
  it('opens an enc: value for the field, and shows marked and arrived-encrypted fields as [secret]', () => {
    const plain = { host: 'db.internal', password: seal('hunter22', 'db.password'), user: seal('svc-user', 'db.user') };
    const db = bound(bindSection(registry.register(DbConfig), plain)) as DbConfig;
    expect(db).toMatchObject({ host: 'db.internal', password: 'hunter22', user: 'svc-user', port: 5432 });
    expect(Object.isFrozen(db)).toBe(true);
    expect(Object.keys(db)).toEqual(['host', 'port', 'password', 'user']);
    expect(JSON.parse(JSON.stringify(db))).toEqual({ host: 'db.internal', port: 5432, password: '[secret]', user: '[secret]' });
    expect(inspect(db)).toContain("password: '[secret]'");
    expect(inspect(db)).toContain('DbConfig');
    expect(inspect(db)).not.toMatch(/hunter22|svc-user/);
  });

  it('hides a marked field that arrived as plain text (or is its default) too', () => {
    const db = bound(bindSection(registry.register(DbConfig), { password: 'plain-pw' }));
    expect(JSON.stringify(db)).not.toContain('plain-pw');
    expect(JSON.stringify(bound(bindSection(registry.register(DbConfig), {})))).not.toContain('default-pw');
  });

  it('refuses an envelope it cannot open as a secret issue naming the path and key id, never the value', () => {
    const moved = seal('hunter22', 'other.password');
    const result = bindSection(registry.register(DbConfig), { password: moved, user: seal('x', 'db.user', 'k1').replace(':k1:', ':k9:') });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => [issue.path, Object.keys(issue.constraints)])).toEqual([
      ['db.password', ['secret']],
      ['db.user', ['secret']],
    ]);
    expect(issues[0].message).toMatch(/^cannot be decrypted with key 'k1': it does not authenticate/);
    expect(issues[1].message).toBe("cannot be decrypted with key 'k9': no key with this id is held");
    expect(JSON.stringify(issues)).not.toMatch(/hunter22|enc:/);
  });

  it('refuses every enc: value when no keys are given: a ciphertext is never the value', () => {
    const result = bindSection(new SectionRegistry('warn').register(DbConfig), { password: seal('hunter22', 'db.password') });
    expect(result.ok ? [] : result.issues.map((issue) => issue.constraints)).toEqual([
      { secret: "cannot be decrypted with key 'k1': no key with this id is held" },
    ]);
  });

  it('keeps a decrypted value out of the messages of the rules that reject it', () => {
    const result = bindSection(registry.register(ApiConfig), { mode: seal('delete-everything', 'api.mode') });
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => issue.path)).toEqual(['api.mode']);
    expect(JSON.stringify(issues)).not.toContain('delete-everything');
    expect(issues[0].message).toBe('[secret] is not a mode');
  });

  it('opens enc: values of a schema section and hides its listed secrets', () => {
    const Payments = defineSection('payments', z.object({ apiKey: z.string(), region: z.string(), webhook: z.string() }), {
      secrets: ['apiKey'],
    });
    const plain = { apiKey: 'sk_plain', region: 'eu', webhook: seal('whsec_1', 'payments.webhook') };
    const payments = bound(bindSection(registry.register(Payments), plain));
    expect(payments).toEqual({ apiKey: 'sk_plain', region: 'eu', webhook: 'whsec_1' });
    expect(JSON.parse(JSON.stringify(payments))).toEqual({ apiKey: '[secret]', region: 'eu', webhook: '[secret]' });
    expect(inspect(payments)).not.toMatch(/sk_plain|whsec_1/);
  });

  it('hides the secrets of a schema whose output is its (frozen) input, without changing the input', () => {
    const asIs: StandardSchemaV1<unknown, object> = {
      '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value: value as object }) },
    };
    const Tokens = defineSection('tokens', asIs, { secrets: ['api'] });
    const plain = Object.freeze({ api: 'tok-plain', name: 'n' });
    const tokens = bound(bindSection(registry.register(Tokens), plain));
    expect(tokens).toEqual({ api: 'tok-plain', name: 'n' });
    expect(JSON.stringify(tokens)).toBe('{"api":"[secret]","name":"n"}');
    expect(JSON.stringify(plain)).toBe('{"api":"tok-plain","name":"n"}');
  });

  it('opens an envelope nested in a list, at its path with the index', () => {
    const Pools = defineSection('pools', z.object({ dsns: z.array(z.string()) }));
    const pools = bound(bindSection(registry.register(Pools), { dsns: ['a', seal('postgres://u:pw@h/db', 'pools.dsns.1')] }));
    expect(pools).toEqual({ dsns: ['a', 'postgres://u:pw@h/db'] });
    expect(JSON.stringify(pools)).toBe('{"dsns":["a","[secret]"]}');
  });
});
