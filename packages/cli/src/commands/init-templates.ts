import { controlPrefixFor } from '@config-center/etcd/control-prefix';

/** What `init` writes into the project file: the backend, where it answers, the service's prefix. */
export interface InitAnswers {
  readonly backend: 'etcd' | 'consul';
  /** etcd endpoints (comma-separated) or the Consul agent's URL. */
  readonly endpoint: string;
  readonly prefix: string;
}

/** Where the sections skeleton goes, relative to the folder, and the module its build makes of it. */
export const SECTIONS_SOURCE = 'src/config/sections.ts';
export const SECTIONS_MODULE = 'dist/config/sections.js';

/** Where each backend answers on a developer's machine, when neither a flag nor an answer says. */
export const DEFAULT_ENDPOINTS = { etcd: '127.0.0.1:2379', consul: 'http://127.0.0.1:8500' } as const;

/**
 * A commented `config-center.yaml`: every key `readProjectFile` accepts, the chosen backend's set
 * and the others commented out, and where the settings that never go in this file come from.
 */
export function projectFileText({ backend, endpoint, prefix }: InitAnswers): string {
  const [etcd, consul] = [
    etcdBlock(backend === 'etcd' ? endpoint : DEFAULT_ENDPOINTS.etcd),
    consulBlock(backend === 'consul' ? endpoint : DEFAULT_ENDPOINTS.consul),
  ];
  return `# config-center.yaml: the settings of the \`config-center\` command for this service, found upward from
# the working folder; paths in it are relative to this folder. The environment (CONFIG_CENTER_*)
# overrides this file and the flags override both: see \`config-center --help\`.

# The backend, etcd or Consul: exactly one of the two blocks.
${backend === 'etcd' ? etcd : commentedOut(etcd)}
${backend === 'consul' ? consul : commentedOut(consul)}

# The service's key prefix: its config lives under it, as its ${backend === 'etcd' ? 'EtcdConfigSource' : 'ConsulConfigSource'} reads it.
prefix: ${scalar(prefix)}

# The compiled module that exports the service's sections (@ConfigSection classes, defineSection):
# validate, diff and publish check every proposal with them. Build the service first.
sections: ${SECTIONS_MODULE}   # built from ${SECTIONS_SOURCE}

# Lower layers the service merges under the prefix (its FileConfigSource files), lowest first.
# base: [config/app.yaml]

# Who makes the changes, for the history (default: the OS user).
# author: ops-team

# Where the history and other control data live, outside the prefix (this is the default).
# controlPrefix: ${scalar(controlPrefixFor(prefix))}

# Top-level keys the app reads outside its sections (feature flags, get('a.b')), as its module's
# ignoreKeys: validate does not warn that no section reads them.
# ignoreKeys: [features]

# Not in this file, on purpose:
#   the deadline of each request: --request-timeout SECONDS or $CONFIG_CENTER_REQUEST_TIMEOUT (default 5)
#   the key of printed content hashes (hashKey): $CONFIG_CENTER_HASH_KEY only, a secret of the operators
`;
}

/** The sections skeleton: one example class section, imported from the light entry the CLI loads fast. */
export function sectionsModuleText(): string {
  return `// The service's config sections: config-center.yaml names their build (${SECTIONS_MODULE}), and
// the CLI loads it on every run to check a proposal as the app would. Keep it light: sections only,
// from @config-center/core/sections (which loads no Nest); list them in ConfigCenterModule.forRoot({ sections }).
import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';

/** An example: the subtree at \`example\` of the service's config; field initialisers are the defaults. */
@ConfigSection('example')
export class ExampleConfig {
  /** Requests allowed per window. */
  @IsInt()
  @Min(1)
  limit = 100;
}
`;
}

function etcdBlock(endpoints: string): string {
  return `etcd:
  endpoints: [${endpoints.split(',').map(scalar).join(', ')}]   # or $CONFIG_CENTER_ETCD, --etcd
  # username: deployer
  # password: …              # better $CONFIG_CENTER_ETCD_PASSWORD: keep it out of git
  # tls:                     # PEM files; a cert and its key make it mTLS
  #   ca: pki/etcd-ca.crt
  #   cert: pki/deployer.crt
  #   key: pki/deployer.key`;
}

function consulBlock(url: string): string {
  return `consul:
  url: ${scalar(url)}   # or $CONFIG_CENTER_CONSUL, --consul
  # token: …                 # the ACL token; better $CONFIG_CENTER_TOKEN or --token: keep it out of git`;
}

/** A block as comments: `key: value` → `# key: value`, and its own comment lines kept at their depth. */
function commentedOut(block: string): string {
  return block
    .split('\n')
    .map((line) => `# ${line.replace(/^(\s*)# /, '$1')}`)
    .join('\n');
}

/** A YAML scalar: plain when it is safe as written, else a double-quoted (JSON) string. */
function scalar(text: string): string {
  return /^[\w/.:-]+$/.test(text) && !/^[-:]/.test(text) ? text : JSON.stringify(text);
}
