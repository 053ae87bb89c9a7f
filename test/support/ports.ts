// A loopback port that was free a moment ago: a test binds a station to it later (a fixed
// port across restarts), or connects to it to meet a refusal (a hub that is not there).
import net from 'node:net';

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
