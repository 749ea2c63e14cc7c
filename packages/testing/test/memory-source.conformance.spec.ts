import { MemoryConfigSource } from '@config-center/core';
import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { InterruptibleConfigSource } from './support/interruptible-config-source';

/** The memory source is its own backend: writes go straight to it. */
function memoryHarness(memory = new MemoryConfigSource()): ConfigSourceHarness {
  return {
    createSource: async () => memory,
    write: async (path, value) => memory.set(path, value),
    remove: async (path) => memory.delete(path),
    writeBatch: async (entries) => memory.batch((batch) => Object.entries(entries).forEach(([path, value]) => batch.set(path, value))),
    dispose: () => memory.close(),
  };
}

/** The same, reached through a connection the kit can cut: writes still go to the memory source. */
function interruptibleMemoryHarness(): ConfigSourceHarness {
  const memory = new MemoryConfigSource();
  const source = new InterruptibleConfigSource(memory);
  return {
    ...memoryHarness(memory),
    createSource: async () => source,
    disconnect: async () => source.disconnect(),
    reconnect: async () => source.reconnect(),
    dispose: () => source.close(),
  };
}

describeConfigSourceConformance('MemoryConfigSource', () => memoryHarness());

describeConfigSourceConformance('MemoryConfigSource behind a cut connection', interruptibleMemoryHarness, { resume: true });
