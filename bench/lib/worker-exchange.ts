import type { ChildProcess } from 'node:child_process';

/** What a benchmark worker answers: a reply of some kind, or `failed` with the error's stack. */
export type WorkerAnswer = { readonly kind: string } | { readonly kind: 'failed'; readonly message: string };

/**
 * Sends a request (if any) to a forked worker and resolves with its next reply; a `failed` reply
 * or an exit before answering rejects, naming the worker as `who`.
 */
export function exchange<Reply extends WorkerAnswer>(child: ChildProcess, who: string, request?: object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      cleanup();
      if (reply.kind === 'failed') reject(new Error(`${who} failed: ${(reply as { message?: string }).message}`));
      else resolve(reply);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${who} exited with ${code} before answering`));
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

/** `reply` as the reply of kind `kind`; throws when the worker answered something else. */
export function expectReply<Reply extends WorkerAnswer, K extends Reply['kind']>(
  reply: Reply,
  kind: K,
  who: string,
): Extract<Reply, { kind: K }> {
  if (reply.kind !== kind) throw new Error(`${who} answered '${reply.kind}' where '${kind}' was expected`);
  return reply as Extract<Reply, { kind: K }>;
}
