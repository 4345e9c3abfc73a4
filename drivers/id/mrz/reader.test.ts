import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DeviceReadError, IdDocument } from '../../device-classes.js';
import { encodeMrzFrame } from '../codec/mrz-frame.js';
import { createMemoryTransport } from '../../transports/memory-transport.js';
import { createMrzReader, type MrzReaderOptions } from './reader.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const text = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const settle = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(extra: Partial<MrzReaderOptions> = {}) {
  const { transport, device } = createMemoryTransport('memory://mrz');
  const reader = createMrzReader({ transport, frameTimeoutMs: 40, now: () => new Date('2026-01-15T00:00:00Z'), ...extra });
  const docs: IdDocument[] = [];
  const errors: DeviceReadError[] = [];
  reader.onDocument((d) => docs.push(d));
  reader.onError((e) => errors.push(e));
  return { reader, device, docs, errors };
}

describe('MRZ reader driver', () => {
  it('emits a passport and an ID card from CR/LF lines, chunked arbitrarily', async () => {
    const { reader, device, docs, errors } = setup();
    await reader.open();
    expect(reader.health.state).toBe('ready');
    const bytes = encodeMrzFrame([...TD3, ...TD1]);
    for (let i = 0; i < bytes.length; i += 7) device.write(bytes.slice(i, i + 7));
    await settle();
    expect(errors).toEqual([]);
    expect(docs.map((d) => [d.kind, d.documentNumber])).toEqual([['passport', 'L898902C3'], ['id-card', 'D23145890']]);
    expect(reader.health.state).toBe('ready');
    await reader.close();
  });

  it('resyncs after garbage and reports typed errors, then reads the next document', async () => {
    const { reader, device, docs, errors } = setup({ framing: { kind: 'stx-etx' } });
    await reader.open();
    const bad = [TD3[0] ?? '', (TD3[1] ?? '').replace('L898902C36', 'L898902C37')];
    device.write(text('\x00\xff garbage'));
    device.write(encodeMrzFrame(bad, { kind: 'stx-etx' }));
    device.write(encodeMrzFrame(TD3, { kind: 'stx-etx' }));
    await settle();
    expect(errors.map((e) => [e.code, e.field])).toEqual([['DOCUMENT_NUMBER_CHECK', 'documentNumber']]);
    expect(docs).toHaveLength(1);
    await reader.close();
  });

  it('holds a torn MRZ as busy, then drops it as TRUNCATED after the quiet period', async () => {
    const { reader, device, docs, errors } = setup();
    await reader.open();
    device.write(text(`${TD3[0]}\r\n${(TD3[1] ?? '').slice(0, 20)}`));
    await settle();
    expect(reader.health.state).toBe('busy');
    await settle(80);
    expect(errors.map((e) => e.code)).toEqual(['TRUNCATED']);
    expect(reader.health.state).toBe('ready');
    device.write(encodeMrzFrame(TD3));
    await settle();
    expect(docs).toHaveLength(1);
    await reader.close();
  });

  it('goes offline on unplug and rejects open when the port is missing', async () => {
    const { reader, device } = setup();
    await reader.open();
    device.unplug();
    expect(reader.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    device.present = false;
    await expect(reader.open()).rejects.toMatchObject({ name: 'IdReaderError', code: 'OFFLINE' });
  });

  it('never logs personal data: only kinds, codes and field names', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { reader, device, docs } = setup({ log });
    await reader.open();
    device.write(encodeMrzFrame(TD3));
    device.write(encodeMrzFrame([TD3[0] ?? '', (TD3[1] ?? '').replace('F120415', 'F120416')]));
    await settle();
    await reader.close();
    expect(docs).toHaveLength(1);
    const logged = lines.join('\n');
    expect(logged).toContain('document read');
    expect(logged).toContain('EXPIRY_CHECK');
    for (const personal of ['L898902C3', 'ERIKSSON', 'ANNA', 'MARIA', '740812', '1974-08-12', '120415', 'ZE184226B']) expect(logged).not.toContain(personal);
  });
});
