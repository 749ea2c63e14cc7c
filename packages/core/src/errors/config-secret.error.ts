import { ConfigCenterError } from './config-center.error';
import { ConfigValidationError } from './config-validation.error';

/** Why an envelope could not be opened: it does not follow the grammar, names a key not held, or fails authentication. */
export type SecretFailure = 'malformed' | 'unsupported' | 'unknown-kid' | 'not-authentic';

/**
 * An `enc:` value that cannot be opened at a config path: malformed, of an unsupported version or
 * algorithm, under a key id not held, or failing authentication (wrong key, a changed byte, a value
 * copied from another path). Names the path and key id, never a value or a key.
 */
export class SecretEnvelopeError extends ConfigCenterError {
  constructor(
    readonly path: string,
    readonly failure: SecretFailure,
    readonly detail: string,
    /** The key id the envelope names, when it could be read. */
    readonly kid?: string,
  ) {
    super(`cannot decrypt the value at '${path}'${kid === undefined ? '' : ` (key '${kid}')`}: ${detail}`);
  }
}

/** A key that cannot be used: bad base64, the wrong length, an unreadable file or a bad key id. Names the key id and where it came from, never the key. */
export class SecretKeyError extends ConfigCenterError {
  constructor(
    /** Where the key came from: `secrets.keys.k1`, or a file path. */
    readonly location: string,
    readonly reason: string,
  ) {
    super(`secret key ${location}: ${reason}`);
  }
}

/**
 * An update rejected because a value in it could not be decrypted (its `errors$` kind is `secret`):
 * the issues name each path and key id, never a value. A `ConfigValidationError`, so code that
 * handles rejected updates handles it too.
 */
export class ConfigSecretError extends ConfigValidationError {}
