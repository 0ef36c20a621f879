import Fastify from 'fastify';

// The ceiling: a bare fastify JSON echo route on the same machine. Prints "BENCH_LISTENING <port>".
const server = Fastify({ logger: false });
server.post('/echo', async (request) => ({ replies: [{ text: 'echo', body: request.body }] }));
const address = await server.listen({ host: '127.0.0.1', port: 0 });
console.log(`BENCH_LISTENING ${new URL(address).port}`);
process.once('SIGTERM', () => server.close().then(() => process.exit(0)));
