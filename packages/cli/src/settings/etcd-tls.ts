import { readFileSync } from 'node:fs';
import { CliError, ExitCode } from '../cli-error';
import type { EtcdTlsSettings } from './cli-settings.interface';

/** What etcd3's public `credentials` option takes: PEM bytes. */
export interface EtcdTlsCredentials {
  readonly rootCertificate: Buffer;
  readonly certChain?: Buffer;
  readonly privateKey?: Buffer;
}

/**
 * Reads the TLS files of the settings into etcd3's `credentials`, or undefined without TLS. A file
 * that cannot be read is a usage error naming the setting and the path, never the content.
 */
export function etcdTlsCredentials(tls: EtcdTlsSettings | undefined): EtcdTlsCredentials | undefined {
  if (!tls) return undefined;
  return {
    rootCertificate: readPem('ca', tls.ca),
    certChain: tls.cert === undefined ? undefined : readPem('cert', tls.cert),
    privateKey: tls.key === undefined ? undefined : readPem('key', tls.key),
  };
}

function readPem(setting: keyof EtcdTlsSettings, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(`etcd TLS: cannot read the ${setting} file '${path}' (etcd.tls.${setting}): ${code}`, ExitCode.usage);
  }
}
