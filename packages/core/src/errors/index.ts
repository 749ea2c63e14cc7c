export * from './config-center.error';
export * from './config-key-not-found.error';
export * from './config-parse.error';
export * from './config-source.error';
export * from './config-validation.error';
export * from './config-secret.error';
