/**
 * Every section declared so far, in order: a class decorated with `@ConfigSection`, or what
 * `defineSection` returned. Held as plain objects, so that this file imports neither of the two
 * (their types import each other's file otherwise); readers narrow with `isSection`.
 */
const declared = new Set<object>();

/** Records a section as declared: `@ConfigSection` and `defineSection` call it. */
export function declareSection(section: object): void {
  declared.add(section);
}

/**
 * The sections declared so far (`@ConfigSection` classes and `defineSection` ones): the module
 * makes those it was not given injectable as a clear error (see `sectionHintModule`) rather than
 * Nest's generic one.
 */
export function declaredSections(): readonly object[] {
  return [...declared];
}
