import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import type { ConfigSourceEvent, ConfigTree } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';

/** A fresh temp directory; remove it with `rm(dir, { recursive: true, force: true })`. */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'config-center-file-'));
}

/** How many `fs.watch` watchers and timers the process holds: what a watch may leak. */
export function watchHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap' || kind === 'Timeout').length;
}

/** Subscribes to a source's watch and keeps everything it emits. */
export class EventRecorder {
  readonly events: ConfigSourceEvent[] = [];
  failure: unknown;
  private readonly subscription: Subscription;

  constructor(events$: Observable<ConfigSourceEvent>) {
    this.subscription = events$.subscribe({
      next: (event) => this.events.push(event),
      error: (error: unknown) => (this.failure = error ?? new Error('undefined error')),
    });
  }

  /** The trees of every `replace` event so far, in order. */
  trees(): ConfigTree[] {
    return this.events.flatMap((event) => (event.kind === 'replace' ? [event.tree] : []));
  }

  /** The errors of every `error` event so far, in order. */
  errors(): Error[] {
    return this.events.flatMap((event) => (event.kind === 'error' ? [event.error] : []));
  }

  /** Waits for the `count`-th event (1-based) and returns it. */
  nth(count: number, timeoutMs?: number): Promise<ConfigSourceEvent> {
    return waitFor(() => this.events[count - 1], `event #${count}`, timeoutMs);
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}

/**
 * A Kubernetes ConfigMap volume, written the way the kubelet's atomic writer does it: the payload
 * goes into a new timestamped `..<time>` directory, a `..data_tmp` symlink to it is renamed over
 * `..data`, the visible `<key>` symlinks point through `..data`, and the old directory is removed.
 */
export class ConfigMapMount {
  private generation = 0;
  private current: string | undefined;

  constructor(readonly dir: string) {}

  async update(files: Record<string, string>): Promise<void> {
    const version = `..2026_11_20_10_00_00.${String(++this.generation).padStart(2, '0')}`;
    await mkdir(join(this.dir, version));
    for (const [name, text] of Object.entries(files)) await writeFile(join(this.dir, version, name), text);
    await symlink(version, join(this.dir, '..data_tmp'));
    await rename(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
    for (const name of Object.keys(files)) {
      await symlink(join('..data', name), join(this.dir, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    if (this.current) await rm(join(this.dir, this.current), { recursive: true });
    this.current = version;
  }
}
