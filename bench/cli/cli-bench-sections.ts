import { defineSection } from '@config-center/core/sections';
import { z } from 'zod';

/**
 * The sections module `config-center publish` validates the benchmark's proposal with, as a service
 * would ship it compiled: one section holding the 50 published keys as strings.
 */
export const BenchKeys = defineSection('bench', z.record(z.string(), z.string()));
