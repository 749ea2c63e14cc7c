/** Server certificate files of a TLS member, and the client certificate its health probe uses. */
export interface EtcdMemberTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Clients must present a certificate signed by the CA (mTLS). */
  readonly clientCertAuth: boolean;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

/** Everything that pins one member: its name, ports, data dir and the cluster it belongs to. */
export interface EtcdMemberSpec {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  /** `n0=http://127.0.0.1:p0,n1=…`: every member's peer URL. */
  readonly initialCluster: string;
  readonly clusterToken: string;
  readonly tls?: EtcdMemberTls;
  readonly extraArgs?: readonly string[];
}
