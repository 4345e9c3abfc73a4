import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TransportError } from './byte-transport.js';
import { osErrorOf } from './os-error.node.js';
import { createSerialTransport } from './serial.node.js';
import { createTcpTransport } from './tcp.node.js';

async function openError(open: () => Promise<void>): Promise<TransportError> {
  const err: unknown = await open().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe('transport errors keep the OS error', () => {
  it('serial: a missing port reports ENOENT with errno, syscall and what to check', async () => {
    const err = await openError(() => createSerialTransport({ path: '/dev/ttyBK-does-not-exist' }).open());
    expect(err.code).toBe('CONNECT_FAILED');
    expect({ osCode: err.osCode, errno: err.errno, syscall: err.syscall }).toEqual({ osCode: 'ENOENT', errno: -2, syscall: 'open' });
    expect(err.message).toContain('(ENOENT) — nothing is there');
  });

  it("serial: EACCES is recovered from the native binding's text, with the dialout / udev hint", () => {
    // Exactly what @serialport/bindings-cpp rejects with when the kiosk user may not open the port.
    const binding = new Error('Error: Permission denied, cannot open /dev/ttyUSB0');
    expect(osErrorOf(binding, 'open')).toEqual({ code: 'EACCES', errno: -13, syscall: 'open' });
    expect(osErrorOf(new Error('Error Resource temporarily unavailable Cannot lock port'), 'open')?.code).toBe('EAGAIN');
    expect(osErrorOf(new Error('something else entirely'))).toBeNull();
  });

  it('tcp: a refused connection keeps code, errno and syscall', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await openError(() => createTcpTransport({ host: '127.0.0.1', port }).open());
    expect({ osCode: err.osCode, errno: err.errno, syscall: err.syscall }).toEqual({ osCode: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    expect(err.hint).toMatch(/nothing listens there/);
  });
});
