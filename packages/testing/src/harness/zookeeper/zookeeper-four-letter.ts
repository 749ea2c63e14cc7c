import { connect } from 'node:net';

/**
 * Sends one of ZooKeeper's four-letter commands (`srvr`, `ruok`) to `127.0.0.1:port` and resolves
 * with the whole answer (the server closes the connection after it); rejects on a connection error
 * or after `timeoutMs` — a paused or starting server may accept and never answer.
 */
export function fourLetterWord(port: number, command: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to '${command}' within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(command));
    socket.on('data', (text: string) => (answer += text));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(answer);
    });
  });
}
