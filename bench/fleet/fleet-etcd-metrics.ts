/** The counters of etcd's `/metrics` the fleet benchmark reads: puts, and gRPC messages received by method. */
export interface EtcdCounters {
  /** `etcd_mvcc_put_total`: every key written, inside transactions too. */
  readonly puts: number;
  /** `grpc_server_msg_received_total`, summed per method: each request, and each message on a stream (a lease keep-alive). */
  readonly received: ReadonlyMap<string, number>;
}

/** Reads etcd's Prometheus endpoint on its client URL (`http://127.0.0.1:port/metrics`). */
export async function readEtcdCounters(endpoint: string): Promise<EtcdCounters> {
  const url = `${endpoint.startsWith('http') ? endpoint : `http://${endpoint}`}/metrics`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  let puts = Number.NaN;
  const received = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('etcd_mvcc_put_total ')) puts = Number(line.split(' ')[1]);
    const message = /^grpc_server_msg_received_total\{grpc_method="(\w+)"[^}]*\} (\S+)$/.exec(line);
    if (message) received.set(message[1], (received.get(message[1]) ?? 0) + Number(message[2]));
  }
  if (Number.isNaN(puts)) throw new Error(`${url} has no etcd_mvcc_put_total`);
  return { puts, received };
}

/** The messages received per method between two readings, the busiest first, without the methods that got none. */
export function receivedBetween(before: EtcdCounters, after: EtcdCounters): [string, number][] {
  return [...after.received]
    .map(([method, count]): [string, number] => [method, count - (before.received.get(method) ?? 0)])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
}
