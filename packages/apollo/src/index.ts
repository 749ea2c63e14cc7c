/** The Apollo source: reads an app's namespaces and follows their releases by long polling. */
export { ApolloConfigSource } from './apollo-config-source';
/** Options of `ApolloConfigSource`. */
export type { ApolloConfigSourceOptions } from './apollo-config-source-options.interface';
