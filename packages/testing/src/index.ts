export { ConfigCenterTestingModule } from './config-center-testing.module';
export { ConfigCenterTesting } from './config-center-testing.service';
export { TESTING_CONFIG_SOURCE, TESTING_SOURCE_NAME, type ConfigCenterTestingOptions } from './config-center-testing.module-definition';
export { describeConfigSourceConformance } from './conformance/describe-config-source-conformance';
export type { ConformanceSectionKind } from './conformance/conformance-sections';
export type {
  ConfigSourceConformanceOptions,
  ConfigSourceHarness,
  ConfigSourceHarnessFactory,
} from './conformance/config-source-harness.interface';
