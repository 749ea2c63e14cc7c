/** Marks, in a table of `FieldConverters`, a field the derived shape does not carry. */
export const LEFT_OUT = 'left out';

/** A field a derived shape carries as it is. */
export function asIs<V>(value: V): V {
  return value;
}

/**
 * `T` as a derived shape carries it: each field of `O` in the shape `O` gives it, the fields named
 * in `L` left out, every other field as `T` has it (optional ones stay optional, and keep their
 * docs). A field added to `T` is in the derived shape at once.
 */
export type Reshaped<T, O extends { readonly [K in keyof T]?: unknown } = Record<never, never>, L extends keyof T = never> = {
  readonly [K in keyof Omit<T, L>]: K extends keyof O ? O[K] : T[K];
};

/**
 * How each field of `T` becomes its field of `R`: a function, or `LEFT_OUT` where `R` does not
 * carry it. Every field of `T` must be named, so a field added to `T` does not compile until the
 * table says what becomes of it (a status field may need redacting, or must stay out of a report).
 */
export type FieldConverters<T, R> = {
  readonly [K in keyof T]-?: K extends keyof R ? (value: T[K]) => R[K] : typeof LEFT_OUT;
};

/**
 * `value` converted field by field by `converters` (see `FieldConverters`): the one way a status
 * becomes the status report or the facts of an instance report.
 *
 * @example
 * ```ts
 * const report = reshape(status, { state: (state) => state, version: (version) => version, …, unknownKeys: LEFT_OUT });
 * ```
 */
export function reshape<T extends object, R>(value: T, converters: FieldConverters<T, R>): R {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(converters) as (keyof T & string)[]) {
    const convert: unknown = converters[key];
    if (typeof convert === 'function') result[key] = (convert as (field: unknown) => unknown)(value[key]);
  }
  return result as R;
}
