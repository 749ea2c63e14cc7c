import { SECRET_FIELDS_METADATA } from '../config-center.constants';
import { isSchemaSection, type Section } from './define-section';

/**
 * Marks a field of a `@ConfigSection` class as secret: `util.inspect` and `JSON.stringify` of the
 * section's instance show `[secret]` in its place, and messages never carry its value. The field
 * itself reads the plaintext. A value that arrived encrypted (`enc:`) is secret whether marked or not.
 *
 * @example
 * ```ts
 * @ConfigSection('db')
 * export class DbConfig {
 *   @IsString() host = 'localhost';
 *   @Secret() @IsString() password!: string;
 * }
 * ```
 */
export function Secret(): PropertyDecorator {
  return (target, property) => {
    if (typeof property !== 'string') return;
    const type = target.constructor;
    const own: readonly string[] = Reflect.getOwnMetadata(SECRET_FIELDS_METADATA, type) ?? [];
    const inherited: readonly string[] = Reflect.getMetadata(SECRET_FIELDS_METADATA, type) ?? [];
    Reflect.defineMetadata(SECRET_FIELDS_METADATA, [...new Set([...inherited, ...own, property])], type);
  };
}

/** The fields a section marks secret (dotted paths below the section): `@Secret()` fields, or `defineSection`'s `secrets`. */
export function secretFieldsOf(section: Section): readonly string[] {
  if (isSchemaSection(section)) return section.secrets ?? [];
  return (Reflect.getMetadata(SECRET_FIELDS_METADATA, section) as readonly string[] | undefined) ?? [];
}
