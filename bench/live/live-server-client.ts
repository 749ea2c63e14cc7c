import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServerMode, ServerReply, ServerRequest } from './live-server.child';

/** A benchmark server (a Nest app with `GET /fixed` and `GET /live`, throttled) in a child process of its own. */
export class LiveServer {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  /** Forks the server in `mode` and waits until it listens. */
  static async start(mode: ServerMode): Promise<LiveServer> {
    const child = fork(join(__dirname, 'live-server.child.js'), [JSON.stringify(mode)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const reply = await next(child);
    if (!('ready' in reply)) {
      child.kill();
      throw new Error(`the benchmark server (${mode.source}) did not start: ${'failed' in reply ? reply.failed : 'no answer'}`);
    }
    return new LiveServer(child, `http://127.0.0.1:${reply.ready.port}`);
  }

  /** The CPU time (user + system, ms) the server process has used so far. */
  async cpuMs(): Promise<number> {
    this.child.send('cpu' satisfies ServerRequest);
    const reply = await next(this.child);
    if (!('cpuMs' in reply)) throw new Error('the benchmark server did not report its CPU time');
    return reply.cpuMs;
  }

  /** Closes the app and waits for the child to exit. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('close' satisfies ServerRequest);
    await next(this.child).catch(() => undefined);
    await exited;
  }
}

function next(child: ChildProcess): Promise<ServerReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the benchmark server exited with code ${code}`));
    child.once('exit', onExit);
    child.once('message', (reply: ServerReply) => {
      child.off('exit', onExit);
      resolve(reply);
    });
  });
}
