/**
 * A storage node for the gate benchmark (bench/gate.ts), in a process of its own: with
 * `--wallet-auth <node address>` it takes wallet-signed requests and sessions only (the gate
 * without the network, so without metering), otherwise anyone. Prints `{"resp":N,"http":N}`.
 */
import { PublicKey } from '@solana/web3.js';
import { startStorageNode } from '../src';
import { createLogger } from '../src/log';

async function main(): Promise<void> {
  const [dataDir, walletNode] = [process.argv[2], process.argv[3]];
  const node = await startStorageNode({
    dataDir,
    respPort: 0,
    httpPort: 0,
    logger: createLogger('warn'),
    walletAuth: walletNode === undefined ? undefined : { node: new PublicKey(walletNode) },
  });
  process.stdout.write(`${JSON.stringify({ resp: node.respPort, http: node.httpPort })}\n`);
  process.once('SIGTERM', () => void node.close().then(() => process.exit(0)));
}

void main();
