import { EnvConfigSource } from '@config-center/core';
import type { ConfigSourceHarness } from '@config-center/testing';

const PREFIX = 'APP__';
const SEPARATOR = '__';
const DOCUMENT = /^(.*)(\.(?:json|ya?ml))$/i;

/**
 * A conformance harness over an `EnvConfigSource` reading a variables object of its own (never
 * `process.env`). Keys and dotted paths are spelled as an operator would name the variables:
 * segments camelCase → `SNAKE_CASE`, joined by `__` after the `APP__` prefix (`rateLimit/limit` →
 * `APP__RATE_LIMIT__LIMIT`, `db.json` → `APP__DB.json`). A segment that no variable name spells
 * back (`__proto__`) cannot be held. The environment does not change: there is no watch.
 */
export function envSourceHarness(): ConfigSourceHarness {
  const env: Record<string, string> = {};
  const set = (segments: readonly string[], text: string) => (env[variableOf(segments)] = text);
  return {
    createSource: async () => new EnvConfigSource({ prefix: PREFIX, env, name: 'env' }),
    write: async (path, value) => void set(path.split('.'), value),
    writeKey: async (key, text) => void set(key.split('/'), text),
    canHoldKey: (key) => nameOf(key.split('/')) !== undefined,
    remove: async (path) => {
      const name = variableOf(path.split('.'));
      for (const variable of Object.keys(env)) if (variable === name || variable.startsWith(`${name}${SEPARATOR}`)) delete env[variable];
    },
    writeBatch: async (entries) => Object.entries(entries).forEach(([path, value]) => set(path.split('.'), value)),
    dispose: async () => undefined,
  };
}

function variableOf(segments: readonly string[]): string {
  const name = nameOf(segments);
  if (name === undefined) throw new Error(`no environment variable spells the key '${segments.join('/')}'`);
  return name;
}

/** The variable of a key's segments, the last one possibly a document (`db.json`); `undefined` when one cannot be spelled. */
function nameOf(segments: readonly string[]): string | undefined {
  const document = DOCUMENT.exec(segments[segments.length - 1]);
  const words = document ? [...segments.slice(0, -1), document[1]] : segments;
  const spelled = words.map(snakeCase);
  if (spelled.some((word) => word === undefined)) return undefined;
  return `${PREFIX}${spelled.join(SEPARATOR)}${document?.[2] ?? ''}`;
}

/** `rateLimit` → `RATE_LIMIT`, `http2Port` → `HTTP2_PORT`, `` → `` (an empty segment); `undefined` unless camelCase of letters and digits. */
function snakeCase(segment: string): string | undefined {
  if (segment === '') return '';
  if (!/^[a-z0-9]+(?:[A-Z][a-z0-9]*)*$/.test(segment)) return undefined;
  return segment.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}
