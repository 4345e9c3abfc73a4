import { createTcpTransport } from '../transports/tcp.node.js';
import { printerContract } from './printer.contract.js';

printerContract('TCP', {
  simulator: { tcp: { port: 0 } },
  transport(endpoint) {
    if (endpoint.kind !== 'tcp') throw new Error('expected a TCP simulator');
    return createTcpTransport({ host: endpoint.host, port: endpoint.port, connectTimeoutMs: 1000 });
  },
});
