/** The root of the default control prefix: `/config-center/control/`. */
export const DEFAULT_CONTROL_ROOT = '/config-center/control/';

/** The folder of instance reports under a control prefix. */
export const INSTANCES_FOLDER = 'instances/';

/**
 * Where the control data of a service lives — history, instance reports, canaries — outside its
 * config prefix so it never enters an app's tree: `configured` when given, else
 * `/config-center/control/` + the config prefix without its leading `/`; always ending in `/`.
 * The one rule the apps and the CLI share.
 *
 * @example controlPrefixFor('/configs/orders/') === '/config-center/control/configs/orders/'
 */
export function controlPrefixFor(prefix: string, configured?: string): string {
  const chosen = configured ?? `${DEFAULT_CONTROL_ROOT}${prefix.replace(/^\/+/, '')}`;
  return chosen.endsWith('/') ? chosen : `${chosen}/`;
}

/** The key of one instance's report: `<controlPrefix>instances/<instanceId>`. */
export function instanceReportKey(controlPrefix: string, instanceId: string): string {
  return `${instanceReportsPrefix(controlPrefix)}${instanceId}`;
}

/** The prefix every instance report of a service is under: `<controlPrefix>instances/`. */
export function instanceReportsPrefix(controlPrefix: string): string {
  return `${controlPrefix.endsWith('/') ? controlPrefix : `${controlPrefix}/`}${INSTANCES_FOLDER}`;
}

/** The folder of the canary area under a control prefix. */
export const CANARY_FOLDER = 'canary/';

/**
 * The key of a service's canary release: `<controlPrefix>canary/release`. One key, so one canary
 * per prefix at a time, and every change of it (start, widen, promote, abort) is one revision.
 */
export function canaryReleaseKey(controlPrefix: string): string {
  return `${controlPrefix.endsWith('/') ? controlPrefix : `${controlPrefix}/`}${CANARY_FOLDER}release`;
}
