/**
 * TLS to etcd: absolute paths of PEM files. A client certificate and key make it mTLS. (For a
 * server certificate the system's CAs trust, an `https://` endpoint is enough.)
 */
export interface EtcdTlsSettings {
  /** The CA that signed etcd's server certificate. */
  readonly ca: string;
  /** The client certificate (chain), for mTLS; needs `key`. */
  readonly cert?: string;
  /** The client certificate's private key; needs `cert`. */
  readonly key?: string;
}

import type { Progress } from '../output/progress';

/** How to reach etcd. */
export interface EtcdSettings {
  readonly endpoints: readonly string[];
  readonly username?: string;
  readonly password?: string;
  /** Present when any TLS file is given. */
  readonly tls?: EtcdTlsSettings;
  /** The deadline of each request (`--request-timeout`); `DEFAULT_REQUEST_TIMEOUT_MS` when absent. */
  readonly requestTimeoutMs?: number;
}

/** How to reach Consul. */
export interface ConsulSettings {
  readonly url: string;
  readonly token?: string;
  /** The deadline of each request (`--request-timeout`); `DEFAULT_REQUEST_TIMEOUT_MS` when absent. */
  readonly requestTimeoutMs?: number;
}

/**
 * The deadline of each request to the backend (one round-trip) when `--request-timeout` is not
 * given: long enough for a loaded etcd or Consul, short enough that a frozen one is named at once.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/**
 * What a command runs with: the project file (`config-center.yaml`/`.json`) overridden by the
 * environment (`CONFIG_CENTER_*`), overridden by the flags. Paths are absolute.
 */
export interface CliSettings {
  /** The project file read, if any. */
  readonly configFile?: string;
  readonly etcd?: EtcdSettings;
  readonly consul?: ConsulSettings;
  /** The service's key prefix, e.g. `/configs/orders/production/`. */
  readonly prefix?: string;
  /** The compiled module that exports the service's sections. */
  readonly sections?: string;
  /** The lower layers the service merges under the prefix, lowest first. */
  readonly base: readonly string[];
  readonly author?: string;
  /** Where history and other control data live, outside the config prefix. */
  readonly controlPrefix?: string;
  /** Paths the app reads outside its sections (the project file's `ignoreKeys`): `validate` does not warn of their keys. */
  readonly ignoreKeys: readonly string[];
  /** The directory of `<kid>.key` files for encrypt/decrypt (`$CONFIG_CENTER_KEY_DIR`, or `secrets.keyDir` of the project file). */
  readonly keyDir?: string;
  /**
   * The operators' key for printed content hashes (`$CONFIG_CENTER_HASH_KEY` only, never the project
   * file): with it they are HMACs, the same in every run; without, keyed per run. See `printedHash`.
   */
  readonly hashKey?: string;
  readonly json: boolean;
  /** Where long operations say what they are doing (stderr on a terminal); nothing when absent. */
  readonly progress?: Progress;
  /**
   * Told the moment a publish commits, before any `--wait`, with the lines of `formatPublish`: the CLI prints them at
   * once, so a wait that hangs or a signal that ends it cannot lose it. Absent with `--json` (one document).
   */
  readonly committed?: (lines: readonly string[]) => void;
}

/** The global flags, as the argument parser gives them. */
export interface GlobalFlags {
  readonly config?: string;
  readonly etcd?: string;
  readonly consul?: string;
  readonly token?: string;
  readonly prefix?: string;
  readonly sections?: string;
  readonly base?: readonly string[];
  readonly author?: string;
  readonly json?: boolean;
  readonly requestTimeout?: string;
}
