import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ConfigStatusReport } from '@config-center/core';
import { LiveConsoleLogger } from '@config-center/live';
import { waitFor } from '@config-center/testing/harness';
import { AppModule } from '../../src/app.module';
import { startStandInUpstream, type StandInUpstream } from '../../src/stand-in-upstreams';
import type { ConfigBackend } from './config-backends';

/** A response: status, headers and parsed JSON body. */
export interface DemoResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The demo app on a real loopback port, over a config backend, with the two stand-in upstreams
 * running and the app's log (a `LiveConsoleLogger` writing to stdout and stderr, as in `npm start`) captured.
 */
export class DemoHarness {
  private constructor(
    readonly app: INestApplication,
    readonly base: string,
    readonly backend: ConfigBackend,
    readonly upstreams: { readonly a: StandInUpstream; readonly b: StandInUpstream },
    private readonly log: LogCapture,
  ) {}

  /** Seeds `values` (path → value) into the backend — the upstream URL always — then boots the demo. */
  static async start(backend: ConfigBackend, values: Record<string, unknown> = {}): Promise<DemoHarness> {
    const upstreams = { a: await startStandInUpstream('a'), b: await startStandInUpstream('b') };
    for (const [path, value] of Object.entries({ 'upstream.url': upstreams.a.url, ...values })) await backend.set(path, value);
    const log = new LogCapture();
    try {
      const app = await NestFactory.create(AppModule.register(backend.options), { bufferLogs: true, abortOnError: false });
      app.useLogger(app.get(LiveConsoleLogger));
      await app.listen(0, '127.0.0.1');
      return new DemoHarness(app, await app.getUrl(), backend, upstreams, log);
    } catch (error) {
      log.restore();
      await Promise.all([upstreams.a.close(), upstreams.b.close()]);
      throw error;
    }
  }

  async get<T = unknown>(path: string): Promise<DemoResponse<T>> {
    const response = await fetch(`${this.base}${path}`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  }

  async status(): Promise<ConfigStatusReport> {
    return (await this.get<ConfigStatusReport>('/config/status')).body;
  }

  /**
   * Changes a value through the backend and waits until the demo has taken the change in —
   * applied or rejected: the status shows a new received revision of that source. Returns the status then.
   */
  async change(path: string, value: unknown): Promise<ConfigStatusReport> {
    const revision = async () =>
      (await this.status()).sources.find((source) => source.name.startsWith(this.backend.sourcePrefix))?.receivedRevision;
    const before = await revision();
    await this.backend.set(path, value);
    await waitFor(async () => (await revision()) !== before, `the demo to take in ${path} from ${this.backend.kind}`);
    return this.status();
  }

  /** Log lines written so far (stdout and stderr) that contain `text`, colours stripped. */
  logLines(text: string): string[] {
    return this.log.linesWith(text);
  }

  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      this.log.restore();
      await Promise.all([this.upstreams.a.close(), this.upstreams.b.close()]);
    }
  }
}

const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Captures what is written to stdout and stderr (where `ConsoleLogger` writes errors) until `restore()`. */
class LogCapture {
  private text = '';
  private readonly originals = { stdout: process.stdout.write, stderr: process.stderr.write };

  constructor() {
    for (const stream of [process.stdout, process.stderr]) {
      stream.write = ((chunk: string | Uint8Array) => {
        this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }) as typeof stream.write;
    }
  }

  linesWith(text: string): string[] {
    return this.text
      .replace(COLOURS, '')
      .split('\n')
      .filter((line) => line.includes(text));
  }

  restore(): void {
    process.stdout.write = this.originals.stdout;
    process.stderr.write = this.originals.stderr;
  }
}
