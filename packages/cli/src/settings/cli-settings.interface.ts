/** How to reach etcd. */
export interface EtcdSettings {
  readonly endpoints: readonly string[];
  readonly username?: string;
  readonly password?: string;
}

/** How to reach Consul. */
export interface ConsulSettings {
  readonly url: string;
  readonly token?: string;
}

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
  readonly json: boolean;
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
}
