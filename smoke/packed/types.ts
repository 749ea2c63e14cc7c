// The packed-install types check. scripts/packed-install.js copies it into the temp project and
// type-checks it there against the installed tarballs, under `nodenext` and `node10` module
// resolution: every entry point an app or adapter imports must come with its declarations.
import { ConfigCenterModule, ConfigSection, FileConfigSource, type ConfigSource } from '@config-center/core';
import { KeyMapper } from '@config-center/core/source-kit';
import { FeatureFlagsModule } from '@config-center/live';
import { EtcdConfigSource } from '@config-center/etcd';
import { ConsulConfigSource } from '@config-center/consul';
import { ApolloConfigSource } from '@config-center/apollo';
import { ConfigCenterTesting, ConfigCenterTestingModule } from '@config-center/testing';
import { ApolloTestServer, EtcdCluster, waitFor } from '@config-center/testing/harness';

@ConfigSection('greeting')
export class GreetingConfig {
  message = 'hello';
}

const sources: ConfigSource[] = [
  new FileConfigSource({ path: 'app.yaml' }),
  new EtcdConfigSource({ hosts: ['127.0.0.1:2379'], prefix: '/app/' }),
  new ConsulConfigSource({ prefix: 'app/' }),
  new ApolloConfigSource({ configServerUrl: 'http://127.0.0.1:8080', appId: 'orders', namespaces: ['application', 'shared.yaml'] }),
];

// Fails to compile if the declarations were missing and the packages typed as `any`.
// @ts-expect-error: `prefix` is required
new EtcdConfigSource({ hosts: ['127.0.0.1:2379'] });

export const modules = [ConfigCenterModule.forRoot({ sources, sections: [GreetingConfig] }), FeatureFlagsModule.forRoot()];
export const testing = ConfigCenterTestingModule.forRoot({ sections: [GreetingConfig], initial: {} });
export const update: (t: ConfigCenterTesting) => Promise<unknown> = (t) => t.update('greeting.message', 'hi');
export const harness = [EtcdCluster.start, ApolloTestServer.start, waitFor, KeyMapper];
