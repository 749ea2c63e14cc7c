import { useContainer } from 'class-validator';

/** What class-validator's `useContainer` takes: an object that gives the instance of a class. */
export interface ValidatorContainer {
  get<T>(type: new () => T): T;
}

/**
 * The container the library gives class-validator: what its default container does (one instance
 * per class, made with `new` on first use), found by a keyed lookup. class-validator's default
 * container finds the object behind each constraint class by a linear search of every constraint
 * class the process has used, and each built-in decorator (`@IsInt()`) makes its own class, so
 * checking one section would cost in proportion to all the decorated fields of the app: with
 * 10,000 of them a one-key change cost 79× the same change in a 100-key config (the `apply-cost`
 * bench), 1.37× with this container.
 */
export const keyedValidatorContainer: ValidatorContainer = (() => {
  const instances = new Map<new () => unknown, unknown>();
  return {
    get<T>(type: new () => T): T {
      let instance = instances.get(type) as T | undefined;
      if (instance === undefined) {
        instance = new type();
        instances.set(type, instance);
      }
      return instance;
    },
  };
})();

/** Set on the global object by whichever copy of this library installs its container first. */
const INSTALLED: unique symbol = Symbol.for('@config-center/core:validator-container');

type WithInstalled = typeof globalThis & { [INSTALLED]?: true };

/**
 * Gives class-validator `keyedValidatorContainer` through its public `useContainer`, once per
 * process, however many copies of this library are loaded. Called when the module is loaded, that
 * is, when the app imports `@config-center/core`, before its bootstrap code runs (and by the class
 * binder, for tools that bind sections without the module): an
 * app that calls `useContainer` itself (Nest's `useContainer(app.select(AppModule), {
 * fallbackOnErrors: true })`, typedi) replaces it, and a copy of the library loaded later does not
 * undo that.
 */
export function installValidatorContainer(): void {
  const marks = globalThis as WithInstalled;
  if (marks[INSTALLED]) return;
  marks[INSTALLED] = true;
  useContainer(keyedValidatorContainer);
}
