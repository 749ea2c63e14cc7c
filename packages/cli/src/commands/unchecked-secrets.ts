import { isEnvelope, parseEnvelope, SecretEnvelopeError } from '@config-center/core/secrets';
import type { ConfigLayer, ConfigTree } from '@config-center/core/tooling';
import type { UncheckedSecret, ValidationProblem } from './validation-report';

/** Layers with their envelopes set aside, for a validation without keys. */
export interface MaskedLayers {
  /** The layers with each envelope replaced by a stand-in text, so that the rest of its section is still validated. */
  readonly layers: ConfigLayer[];
  readonly unchecked: UncheckedSecret[];
  /** Envelopes that break the grammar: a failure naming the path, as the app would refuse them with or without keys. */
  readonly problems: ValidationProblem[];
}

/** The stand-in for an envelope that cannot be opened: what a section binds in its place (its issues are dropped). */
const STAND_IN = '[secret]';

/**
 * For `validate` and `publish` without keys: each envelope of each layer checked for the grammar
 * and the key id (`parseEnvelope`, the app's own), then replaced by a stand-in so that its section's
 * other fields are validated as usual; `unchecked` names each one, to say its value was not checked.
 */
export function maskEnvelopes(layers: readonly ConfigLayer[]): MaskedLayers {
  const unchecked: UncheckedSecret[] = [];
  const problems: ValidationProblem[] = [];
  const mask = (value: unknown, at: string[], source: string): unknown => {
    if (isEnvelope(value)) {
      const path = at.join('.');
      try {
        unchecked.push({ path, kid: parseEnvelope(value, path).kid, source });
      } catch (error) {
        if (!(error instanceof SecretEnvelopeError)) throw error;
        problems.push({ kind: 'validation', path, message: `the encrypted value is malformed: ${error.detail}`, source });
      }
      return STAND_IN;
    }
    if (Array.isArray(value)) return value.map((item, i) => mask(item, [...at, String(i)], source));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mask(item, [...at, name], source)]));
  };
  const masked = layers.map((layer) => ({ ...layer, tree: mask(layer.tree, [], layer.name) as ConfigTree }));
  return { layers: masked, unchecked, problems };
}

/** Whether a section's issue at `path` is about a masked envelope (at it or below it): its value could not be checked. */
export function isAtUnchecked(path: string, unchecked: readonly UncheckedSecret[]): boolean {
  return unchecked.some((secret) => path === secret.path || path.startsWith(`${secret.path}.`));
}
