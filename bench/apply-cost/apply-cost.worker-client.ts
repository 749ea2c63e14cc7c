import { fork } from 'node:child_process';
import { join } from 'node:path';
import { exchange, expectReply } from '../lib/worker-exchange';
import type { FieldMix } from './generated-sections';

/** What the parent asks a worker to do. */
export type WorkerRequest = { readonly kind: 'block'; readonly changes: number } | { readonly kind: 'close' };

/** What a worker answers: once booted, after each block, and once closed. */
export type WorkerReply =
  | { readonly kind: 'ready'; readonly bootMs: number }
  | { readonly kind: 'block'; readonly samplesNs: number[] }
  | { readonly kind: 'closed'; readonly versionsApplied: number }
  | { readonly kind: 'failed'; readonly message: string };

/** How a worker's sections are declared: with classes (`@ConfigSection`) or with zod (`defineSection`). */
export type SectionKind = 'class' | 'schema';

/**
 * Which container class-validator finds constraint objects in: the library's keyed one, installed
 * when core is imported (as shipped), or class-validator's own default container, which an app gets
 * back when it installs a container that falls back to it (Nest's `fallbackOnErrors`).
 */
export type ValidatorContainerChoice = 'library' | 'class-validator-default';

/** What a worker boots, besides its counts. */
export interface WorkerOptions {
  /** Default `library`. */
  readonly container?: ValidatorContainerChoice;
  /** Default `class`. */
  readonly kind?: SectionKind;
  /** Default `ints`. */
  readonly mix?: FieldMix;
}

const WHO = 'apply-cost worker';

/** A worker process holding one booted configuration, driven one request at a time. */
export interface ApplyCostWorker {
  readonly sections: number;
  readonly keysPerSection: number;
  /** Resolves with the boot time once the worker's application is up. */
  ready(): Promise<number>;
  /** Times `changes` one-key changes; resolves with each one's nanoseconds. */
  block(changes: number): Promise<number[]>;
  /** Closes the application; resolves with how many versions it applied in all. */
  close(): Promise<number>;
}

/**
 * Forks a worker that boots `sections` generated sections of `keysPerSection` keys, of a kind and
 * field mix, with the library's validator container or class-validator's default one. While one worker times a
 * block the others wait for their next request, so they never compete for a core.
 */
export function startWorker(sections: number, keysPerSection: number, options: WorkerOptions = {}): ApplyCostWorker {
  const { container = 'library', kind = 'class', mix = 'ints' } = options;
  const args = [String(sections), String(keysPerSection), container, kind, mix];
  const child = fork(join(__dirname, 'apply-cost.worker.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (request?: WorkerRequest) => exchange<WorkerReply>(child, WHO, request);
  const booted = ask();
  return {
    sections,
    keysPerSection,
    ready: async () => expectReply(await booted, 'ready', WHO).bootMs,
    block: async (changes) => expectReply(await ask({ kind: 'block', changes }), 'block', WHO).samplesNs,
    close: async () => expectReply(await ask({ kind: 'close' }), 'closed', WHO).versionsApplied,
  };
}
