import { Etcd3 } from 'etcd3';

/**
 * The baseline of `cli-publish`, run as its own process: `node cli-publish.baseline.js ENDPOINT
 * PREFIX OFFSET [MODULE]` writes `s<i>/k<j>` = `OFFSET + 10·i + j` for the 100 keys of the proposal under
 * PREFIX in one raw etcd3 transaction (`if(…).then(…puts).commit()`), then exits — what a plain
 * Node script does to change the same keys, with none of the CLI's reading, validating or history.
 * With MODULE (the sections module), it first loads it, as the CLI must: the floor under the CLI,
 * the part of its start that is the service's own code and its dependencies (core/sections, class-validator).
 */
async function main(): Promise<void> {
  const [endpoint, prefix, offset, module] = process.argv.slice(2);
  if (module !== undefined) await import(module);
  const client = new Etcd3({ hosts: endpoint });
  try {
    const puts = [];
    for (let section = 0; section < 10; section++) {
      for (let key = 0; key < 10; key++) {
        puts.push(client.put(`${prefix}s${section}/k${key}`).value(String(Number(offset) + section * 10 + key)));
      }
    }
    const { succeeded } = await client
      .if(`${prefix}s0/k0`, 'Version', '>', -1)
      .then(...puts)
      .commit();
    if (!succeeded) throw new Error(`the baseline transaction on ${endpoint} did not succeed`);
  } finally {
    client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
