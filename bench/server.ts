import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

// The chat server as main.ts builds it, plus GET /__bench/stats (bytes written per collection, memory) for the
// benchmark. Prints "BENCH_LISTENING <port>" once it listens. Run as a child process by bench/run.ts.
const app = await buildApp(loadConfig(), { logger: false });
app.server.get('/__bench/stats', async () => ({ writtenBytes: app.store.writtenBytes(), memory: process.memoryUsage() }));
const address = await app.server.listen({ host: '127.0.0.1', port: 0 });
console.log(`BENCH_LISTENING ${new URL(address).port}`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
