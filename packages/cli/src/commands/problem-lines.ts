import { readFileSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { yamlReadOptions } from '@config-center/core/tooling';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ValidationProblem, ValidationReport } from './validation-report';

/** A layer read from files: the source name problems are blamed on, and its file or directory. */
export interface LayerFiles {
  /** As the app names the source: `file:proposal.yaml`. */
  readonly source: string;
  /** The absolute path of the `.yaml`/`.yml`/`.json` file or of the directory (a ConfigMap layout). */
  readonly path: string;
}

/** The extensions of document files, in the order a directory's file for a key is looked for. */
const DOCUMENT_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/**
 * The report with the file and line of each validation problem whose path a file layer holds:
 * the key's line in the YAML/JSON document (found with the `yaml` package's `LineCounter`, its
 * keys read as the app reads them: `1.10` is the key `1.10`), or
 * line 1 of a directory's plain file that holds the value. Files are shown relative to `cwd`.
 * A path no file holds (a field left to its default) keeps no location.
 */
export function withProblemLines(report: ValidationReport, layers: readonly LayerFiles[], cwd: string): ValidationReport {
  if (report.valid) return report;
  const documents = new DocumentLines();
  const problems = report.problems.map((problem): ValidationProblem => {
    const layer = problem.kind === 'validation' ? layers.find(({ source }) => source === problem.source) : undefined;
    const found = layer && locate(layer.path, problem.path.split('.'), documents);
    return found ? { ...problem, file: shownPath(found.file, cwd), line: found.line } : problem;
  });
  return { ...report, problems };
}

/** The file and line holding `segments` in a layer: the deepest file of a directory that holds a prefix of them. */
function locate(path: string, segments: readonly string[], documents: DocumentLines): { file: string; line: number } | undefined {
  if (!isDirectory(path)) return lineIn(path, segments, documents);
  for (let taken = segments.length; taken > 0; taken--) {
    const base = join(path, ...segments.slice(0, taken));
    for (const extension of DOCUMENT_EXTENSIONS) {
      if (isFile(base + extension)) return lineIn(base + extension, segments.slice(taken), documents);
    }
    if (taken === segments.length && isFile(base)) return { file: base, line: 1 };
  }
  return undefined;
}

function lineIn(file: string, segments: readonly string[], documents: DocumentLines): { file: string; line: number } | undefined {
  const line = documents.lineOf(file, segments);
  return line === undefined ? undefined : { file, line };
}

/** Parsed documents with their line counters, each file read and parsed once per report. */
class DocumentLines {
  private readonly parsed = new Map<string, { contents: unknown; lines: LineCounter } | undefined>();

  /** The 1-based line of the key at `segments` in `file`; the document's first line for no segments. */
  lineOf(file: string, segments: readonly string[]): number | undefined {
    const document = this.read(file);
    if (!document) return undefined;
    return segments.length ? lineOfPath(document.contents, segments, document.lines) : 1;
  }

  private read(file: string): { contents: unknown; lines: LineCounter } | undefined {
    if (!this.parsed.has(file)) {
      let document: { contents: unknown; lines: LineCounter } | undefined;
      try {
        const lines = new LineCounter();
        document = { contents: parseDocument(readFileSync(file, 'utf8'), { ...yamlReadOptions(), lineCounter: lines }).contents, lines };
      } catch {
        document = undefined;
      }
      this.parsed.set(file, document);
    }
    return this.parsed.get(file);
  }
}

/**
 * The line of the key at `segments` below `node`. A key may hold dots (`a.b: 1` is path `a.b`),
 * so a key matches one or more segments. Below a scalar (JSON text the key mapper reads as a
 * structure) the scalar's key is the closest line there is.
 */
function lineOfPath(node: unknown, segments: readonly string[], lines: LineCounter): number | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      for (let taken = 1; taken <= segments.length; taken++) {
        if (segments.slice(0, taken).join('.') !== key) continue;
        const rest = segments.slice(taken);
        const keyLine = lines.linePos(pair.key.range[0]).line;
        if (!rest.length || isScalar(pair.value) || pair.value === null) return keyLine;
        const deeper = lineOfPath(pair.value, rest, lines);
        if (deeper !== undefined) return deeper;
      }
    }
  }
  if (isSeq(node) && /^\d+$/.test(segments[0])) {
    const item: unknown = node.items[Number(segments[0])];
    const rest = segments.slice(1);
    if (rest.length && !isScalar(item)) return lineOfPath(item, rest, lines);
    if (isScalar(item) || isMap(item) || isSeq(item)) return item.range ? lines.linePos(item.range[0]).line : undefined;
  }
  return undefined;
}

/** A file as a person typed it: relative to the working folder when below it. */
/** How output names a file: relative to the working folder when it lies below it, else its absolute path. */
export function shownPath(file: string, cwd: string): string {
  const below = relative(cwd, file);
  return below && !below.startsWith('..') && !isAbsolute(below) ? below : file;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
