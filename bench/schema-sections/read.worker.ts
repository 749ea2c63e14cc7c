import 'reflect-metadata';
import type { SectionKind } from '../apply-cost/apply-cost.worker-client';
import { calibrate, compileVariant, timeVariant, type CompiledVariant } from '../lib/tight-loop';
import type { ReadReply, ReadRequest } from './read-worker-client';
import { bootSectionReaders, frozenReadVariant, readVariantsOf, type SectionReaders } from './section-readers';

/*
 * A process reading one kind of section: `read.worker.js <class|schema> <runMs>`. It boots the
 * application, compiles and calibrates its read loops (a frozen object's, then the section's), and
 * answers `ready` with their names and reads per run; each `round` request runs every loop once
 * (order rotated by the round) and answers their ns/op. Its own process, so no read site of the
 * other kind shares its code's type feedback.
 */

function reply(message: ReadReply, last = false): void {
  process.send?.(message, () => (last ? process.disconnect() : undefined));
}

function fail(error: Error): void {
  reply({ kind: 'failed', message: error.stack ?? error.message }, true);
}

function round(compiled: CompiledVariant[], counts: number[], index: number): number[] {
  const nsPerOp = new Array<number>(compiled.length);
  for (let k = 0; k < compiled.length; k++) {
    const i = (k + index) % compiled.length;
    nsPerOp[i] = timeVariant(compiled[i], counts[i]);
  }
  return nsPerOp;
}

async function serve(readers: SectionReaders, compiled: CompiledVariant[], counts: number[], request: ReadRequest): Promise<void> {
  if (request.kind === 'round') {
    reply({ kind: 'round', nsPerOp: round(compiled, counts, request.index) });
  } else {
    await readers.app.close();
    reply({ kind: 'closed' }, true);
  }
}

async function main(kind: SectionKind, runMs: number): Promise<void> {
  const readers = await bootSectionReaders(kind);
  const compiled = [frozenReadVariant(), ...readVariantsOf(kind, readers)].map(compileVariant);
  const counts = compiled.map((variant) => calibrate(variant, runMs));
  process.on('message', (request: ReadRequest) => serve(readers, compiled, counts, request).catch(fail));
  reply({ kind: 'ready', names: compiled.map((variant) => variant.name), reads: compiled.map((variant) => variant.read), counts });
}

main(process.argv[2] as SectionKind, Number(process.argv[3])).catch(fail);
