import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the parent asks a worker to do. */
export type WorkerRequest = { readonly kind: 'block'; readonly changes: number } | { readonly kind: 'close' };

/** What a worker answers: once booted, after each block, and once closed. */
export type WorkerReply =
  | { readonly kind: 'ready'; readonly bootMs: number }
  | { readonly kind: 'block'; readonly samplesNs: number[] }
  | { readonly kind: 'closed'; readonly versionsApplied: number }
  | { readonly kind: 'failed'; readonly message: string };

/** A worker process holding one booted configuration, driven one request at a time. */
export interface ApplyCostWorker {
  readonly sections: number;
  /** Whether class-validator was given a keyed container (`useContainer`). */
  readonly keyedContainer: boolean;
  readonly keysPerSection: number;
  /** Resolves with the boot time once the worker's application is up. */
  ready(): Promise<number>;
  /** Times `changes` one-key changes; resolves with each one's nanoseconds. */
  block(changes: number): Promise<number[]>;
  /** Closes the application; resolves with how many versions it applied in all. */
  close(): Promise<number>;
}

/**
 * Forks a worker that boots `sections` generated sections of `keysPerSection` keys, with
 * class-validator's default container or a keyed one. While one worker times a block the others
 * wait for their next request, so they never compete for a core.
 */
export function startWorker(sections: number, keysPerSection: number, keyedContainer = false): ApplyCostWorker {
  const args = [String(sections), String(keysPerSection), keyedContainer ? 'keyed' : 'default'];
  const child = fork(join(__dirname, 'apply-cost.worker.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const booted = exchange(child);
  return {
    sections,
    keyedContainer,
    keysPerSection,
    ready: async () => expect(await booted, 'ready').bootMs,
    block: async (changes) => expect(await exchange(child, { kind: 'block', changes }), 'block').samplesNs,
    close: async () => expect(await exchange(child, { kind: 'close' }), 'closed').versionsApplied,
  };
}

function expect<K extends WorkerReply['kind']>(reply: WorkerReply, kind: K): Extract<WorkerReply, { kind: K }> {
  if (reply.kind !== kind) throw new Error(`apply-cost worker answered '${reply.kind}' where '${kind}' was expected`);
  return reply as Extract<WorkerReply, { kind: K }>;
}

/** Sends a request (if any) and resolves with the next reply; a `failed` reply or an exit rejects. */
function exchange(child: ChildProcess, request?: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      if (reply.kind === 'failed') reject(new Error(`apply-cost worker failed: ${reply.message}`));
      else resolve(reply);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`apply-cost worker exited with ${code} before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (request) child.send(request);
  });
}
