import { canaryReleaseKey, controlPrefixFor, DEFAULT_CONTROL_ROOT, instanceReportKey, instanceReportsPrefix } from './etcd-control-prefix';

describe('the control prefix', () => {
  it('is the default root plus the config prefix without its leading slash, unless one is configured', () => {
    expect(DEFAULT_CONTROL_ROOT).toBe('/config-center/control/');
    expect(controlPrefixFor('/configs/orders/')).toBe('/config-center/control/configs/orders/');
    expect(controlPrefixFor('//configs/orders')).toBe('/config-center/control/configs/orders/');
    expect(controlPrefixFor('/configs/orders/', '/ops/orders')).toBe('/ops/orders/');
  });

  it('holds instance reports under instances/<id>', () => {
    expect(instanceReportsPrefix('/ops/orders')).toBe('/ops/orders/instances/');
    expect(instanceReportKey('/ops/orders/', 'orders-a-1')).toBe('/ops/orders/instances/orders-a-1');
  });

  it('holds the one canary release of a service under canary/release', () => {
    expect(canaryReleaseKey('/ops/orders')).toBe('/ops/orders/canary/release');
  });
});
