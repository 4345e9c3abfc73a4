import { describe, expect, it } from 'vitest';
import { qualitySampleSchema } from '../../../protocol/staff-api.js';
import { readQuality, type StatsEntry } from './quality.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function report(over: { video?: Partial<StatsEntry>; audio?: Partial<StatsEntry>; pair?: Partial<StatsEntry> } = {}): StatsEntry[] {
  return [
    { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
    { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded', nominated: true, currentRoundTripTime: 0.042, ...over.pair },
    { id: 'CP2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R1', state: 'failed', currentRoundTripTime: 9 },
    { id: 'L1', type: 'local-candidate', candidateType: 'relay' },
    { id: 'L2', type: 'local-candidate', candidateType: 'host' },
    { id: 'R1', type: 'remote-candidate', candidateType: 'host' },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 1000, packetsLost: 0, jitter: 0.004, framesDecoded: 300, framesPerSecond: 30, frameWidth: 640, frameHeight: 480, ...over.video },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 500, packetsLost: 0, jitter: 0.002, ...over.audio },
  ];
}

describe('call quality from getStats()', () => {
  it('reads RTT from the selected pair, video jitter, fps and resolution, and the path', () => {
    const reading = readQuality(report(), null, T0);
    expect(reading.sample).toEqual({ at: new Date(T0).toISOString(), rttMs: 42, jitterMs: 4, packetLossPct: 0, fps: 30, width: 640, height: 480 });
    expect(reading.localCandidateType).toBe('relay');
    expect(reading.remoteCandidateType).toBe('host');
    expect(qualitySampleSchema.safeParse(reading.sample).success).toBe(true);
  });

  it('measures loss over the interval since the previous sample, not the whole call', () => {
    const first = readQuality(report({ video: { packetsReceived: 10_000, packetsLost: 100 } }), null, T0);
    const second = readQuality(report({ video: { packetsReceived: 10_090, packetsLost: 110 } }), first.counters, T0 + 2000);
    // 10 lost of 100 sent in the interval (90 video + 0 new audio received): 10 %.
    expect(second.sample.packetLossPct).toBe(10);
  });

  it('derives fps from decoded frames when the browser gives no framesPerSecond', () => {
    const first = readQuality(report({ video: { framesPerSecond: undefined, framesDecoded: 100 } }), null, T0);
    const second = readQuality(report({ video: { framesPerSecond: undefined, framesDecoded: 150 } }), first.counters, T0 + 2000);
    expect(second.sample.fps).toBe(25);
  });

  it('leaves video figures out of an audio-only call and falls back to audio jitter', () => {
    const entries = report().filter((e) => e.id !== 'IV');
    const { sample } = readQuality(entries, null, T0);
    expect(sample.jitterMs).toBe(2);
    expect(sample).not.toHaveProperty('fps');
    expect(sample).not.toHaveProperty('width');
  });

  it('finds the nominated pair when the transport names none, and survives an empty report', () => {
    const entries = report().filter((e) => e.type !== 'transport');
    expect(readQuality(entries, null, T0).sample.rttMs).toBe(42);
    const empty = readQuality([], null, T0);
    expect(empty.sample).toMatchObject({ rttMs: 0, jitterMs: 0, packetLossPct: 0 });
    expect(empty.localCandidateType).toBeNull();
  });
});
