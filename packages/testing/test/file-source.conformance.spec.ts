import { describeConfigSourceConformance } from '@config-center/testing';
import { fileSourceHarness } from './support/file-source-harness';

// A file has no connection to cut, so the resume check does not apply to it.
describeConfigSourceConformance('FileConfigSource (JSON file written in place)', () => fileSourceHarness('json-in-place'));

describeConfigSourceConformance('FileConfigSource (YAML file replaced by rename)', () => fileSourceHarness('yaml-rename'));

// A mounted directory holds keys as files and directories, mapped as a key-value source's keys are.
describeConfigSourceConformance('FileConfigSource (ConfigMap directory mount)', () => fileSourceHarness('configmap'), { keyMapping: true });
