import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { SectionKind } from '../apply-cost/apply-cost.worker-client';
import type { FieldMix } from '../apply-cost/generated-sections';

/** One cold startup of `startup.worker.js`. */
export interface ColdStart {
  /** `library`: `ConfigCenterModule` with a `FileConfigSource`; `baseline`: the hand-written loader. */
  readonly loader: 'library' | 'baseline';
  /** The YAML file holding `generatedTree(sections, fields, mix)`. */
  readonly file: string;
  readonly sections: number;
  readonly fields: number;
  /** How the library's sections are declared; default `class`. */
  readonly kind?: SectionKind;
  /** Default `ints`. */
  readonly mix?: FieldMix;
}

/** Runs one cold process; resolves with its startup milliseconds. */
export function coldStart({ loader, file, sections, fields, kind = 'class', mix = 'ints' }: ColdStart): Promise<number> {
  const args = [loader, file, String(sections), String(fields), kind, mix];
  const child = fork(join(__dirname, 'startup.worker.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let ms: number | undefined;
    child.on('message', (reply: { ms: number }) => (ms = reply.ms));
    child.on('exit', (code) =>
      code === 0 && ms !== undefined ? resolve(ms) : reject(new Error(`${loader} ${kind} startup exited with ${code}`)),
    );
  });
}
