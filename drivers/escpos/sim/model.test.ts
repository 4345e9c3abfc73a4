import { describe, expect, it } from 'vitest';
import { concatBytes } from '../codec/bytes.js';
import { encodeReceipt, encodeStatusRequest, encodeTransmitPaperStatus } from '../codec/encoder.js';
import { decodeGb18030, encodeGb18030 } from '../text-encoding.node.js';
import { SimulatedPrinter } from './model.js';

/** A connection that collects what the printer sends back. */
function connect(p: SimulatedPrinter) {
  const sent: number[] = [];
  const conn = p.connect((bytes) => sent.push(...bytes));
  return {
    send(bytes: Uint8Array): number[] {
      sent.length = 0;
      conn.receive(bytes);
      return [...sent];
    },
    sent,
  };
}

const statusQuery = concatBytes([1, 2, 3, 4].map((n) => encodeStatusRequest(n as 1 | 2 | 3 | 4)));
const lines = (n: number) => encodeReceipt({ blocks: [...Array.from({ length: n }, (_, i) => ({ kind: 'text' as const, text: `line ${i + 1}` })), { kind: 'cut' }] }, { encodeText: encodeGb18030 });

describe('SimulatedPrinter', () => {
  it('answers DLE EOT 1..4 with the bytes of its state', () => {
    const p = new SimulatedPrinter(decodeGb18030);
    const conn = connect(p);
    expect(conn.send(statusQuery)).toEqual([0x12, 0x12, 0x12, 0x12]);
    p.setPaper('near-end');
    expect(conn.send(statusQuery)).toEqual([0x12, 0x12, 0x12, 0x1e]);
    p.setPaper('out');
    expect(conn.send(statusQuery)).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    p.setPaper('ok');
    p.setCoverOpen(true);
    expect(conn.send(statusQuery)).toEqual([0x1a, 0x16, 0x12, 0x12]);
    p.setCoverOpen(false);
    p.error = 'cutter';
    expect(conn.send(statusQuery)).toEqual([0x1a, 0x52, 0x1a, 0x12]);
  });

  it('answers a status request split across chunks', () => {
    const conn = connect(new SimulatedPrinter(decodeGb18030));
    expect(conn.send(Uint8Array.of(0x10))).toEqual([]);
    expect(conn.send(Uint8Array.of(0x04, 0x01))).toEqual([0x12]);
  });

  it('splits jobs at the cut and answers GS r 1 only after the data before it', () => {
    const p = new SimulatedPrinter(decodeGb18030);
    expect(connect(p).send(concatBytes([lines(2), encodeTransmitPaperStatus(), lines(1)]))).toEqual([0x00]);
    expect(p.jobs.map((j) => [j.text, j.interrupted])).toEqual([
      ['line 1\nline 2\n----- CUT -----', false],
      ['line 1\n----- CUT -----', false],
    ]);
  });

  it('stops mid-job when the paper runs out, keeps answering status, and drops the rest', () => {
    const p = new SimulatedPrinter(decodeGb18030);
    p.runOutOfPaperAfter(2);
    const reply = connect(p).send(concatBytes([lines(5), encodeTransmitPaperStatus(), statusQuery]));
    expect(reply).toEqual([0x1a, 0x32, 0x12, 0x7e]); // no GS r reply: the printer never got there
    expect(p.jobs).toHaveLength(1);
    expect(p.jobs[0]?.interrupted).toBe(true);
    expect(p.jobs[0]?.text).toBe('line 1\nline 2');
  });

  it('answers status at once but GS r only after a paused buffer is printed', () => {
    const p = new SimulatedPrinter(decodeGb18030);
    const conn = connect(p);
    p.pausePrinting(true);
    expect(conn.send(concatBytes([lines(1), encodeTransmitPaperStatus(), statusQuery]))).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect(p.jobs).toHaveLength(0);
    conn.sent.length = 0;
    p.pausePrinting(false);
    expect(conn.sent).toEqual([0x00]);
    expect(p.jobs).toHaveLength(1);
  });

  it('goes quiet when muted', () => {
    const p = new SimulatedPrinter(decodeGb18030);
    p.answersStatus = false;
    expect(connect(p).send(statusQuery)).toEqual([]);
  });

  it('waits for a job that has not arrived yet', async () => {
    const p = new SimulatedPrinter(decodeGb18030);
    const pending = p.whenJob(0, 1000);
    connect(p).send(lines(1));
    await expect(pending).resolves.toMatchObject({ interrupted: false });
    await expect(p.whenJob(1, 20)).rejects.toThrow(/no print job/);
  });
});
