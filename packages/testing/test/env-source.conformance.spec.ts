import { describeConfigSourceConformance } from '@config-center/testing';
import { envSourceHarness } from './support/env-source-harness';

// The environment is read once: no watch, and no connection to cut.
describeConfigSourceConformance('EnvConfigSource', envSourceHarness, { watch: false, keyMapping: true });
