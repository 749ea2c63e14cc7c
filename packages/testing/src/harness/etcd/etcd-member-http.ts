import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EtcdMemberTls } from './etcd-member-spec.interface';

/** A member's answer over HTTP: its status code and body. */
export interface EtcdMemberHttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * One GET of `path` (`/health`, `/metrics`) at a member's `clientUrl`, with the client certificate
 * of a TLS member, which an mTLS member requires; rejects after 1 s, so a paused member does not
 * hold its caller.
 */
export function etcdMemberGet(clientUrl: string, path: string, tls: EtcdMemberTls | undefined): Promise<EtcdMemberHttpAnswer> {
  const request = tls ? httpsRequest : httpRequest;
  const options = tls ? { ca: readFileSync(tls.caFile), cert: readFileSync(tls.clientCertFile), key: readFileSync(tls.clientKeyFile) } : {};
  return new Promise((resolve, reject) => {
    const req = request(`${clientUrl}${path}`, { ...options, timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
