import 'reflect-metadata';
import { generateSections } from '../apply-cost/generated-sections';

/**
 * The sections module `cli-publish` hands the CLI (`--sections`, compiled to
 * `bench/dist/cli/cli-publish.sections.js`): ten `@ConfigSection` classes `s0`…`s9` of ten
 * integer fields `k0`…`k9` each, so a proposal of 100 keys is validated by 10 sections. The CLI
 * finds sections among a module's exports, so each class is exported by name.
 */
const [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9] = generateSections(10, 10);

export { s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 };
