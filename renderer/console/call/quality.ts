// Call quality from RTCPeerConnection.getStats(), as the expert experiences it: round trip
// on the selected candidate pair, and jitter, loss, frame rate and resolution of what we
// receive from the kiosk. Loss is over the interval since the previous sample (a lifetime
// ratio would hide a flap behind minutes of clean media). Pure: tests feed it plain reports.
import type { QualitySample } from '../../../protocol/staff-api.js';

export type StatsEntry = Record<string, unknown> & { id: string; type: string };

export interface InboundCounters {
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  atMs: number;
}

export interface QualityReading {
  sample: QualitySample;
  /** Candidate type of our side of the selected pair: host, srflx, prflx or relay. */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  counters: InboundCounters;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function selectedPair(entries: readonly StatsEntry[]): StatsEntry | undefined {
  const transport = entries.find((e) => e.type === 'transport' && str(e.selectedCandidatePairId));
  const byId = transport ? entries.find((e) => e.id === transport.selectedCandidatePairId) : undefined;
  return byId ?? entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded');
}

function candidateType(entries: readonly StatsEntry[], id: unknown): string | null {
  const candidate = entries.find((e) => e.id === id);
  return str(candidate?.candidateType) ?? null;
}

export function readQuality(entries: readonly StatsEntry[], previous: InboundCounters | null, nowMs: number): QualityReading {
  const pair = selectedPair(entries);
  const inbound = entries.filter((e) => e.type === 'inbound-rtp');
  const video = inbound.find((e) => e.kind === 'video');
  const audio = inbound.find((e) => e.kind === 'audio');

  const counters: InboundCounters = {
    packetsReceived: inbound.reduce((n, e) => n + (num(e.packetsReceived) ?? 0), 0),
    packetsLost: inbound.reduce((n, e) => n + Math.max(0, num(e.packetsLost) ?? 0), 0),
    framesDecoded: num(video?.framesDecoded) ?? 0,
    atMs: nowMs,
  };
  const received = counters.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = counters.packetsLost - (previous?.packetsLost ?? 0);
  const lossPct = received + lost > 0 ? clamp((100 * Math.max(0, lost)) / (received + lost), 0, 100) : 0;

  const rttSec = num(pair?.currentRoundTripTime) ?? 0;
  const jitterSec = num(video?.jitter) ?? num(audio?.jitter) ?? 0;
  const sample: QualitySample = {
    at: new Date(nowMs).toISOString(),
    rttMs: round(clamp(rttSec * 1000, 0, 60_000)),
    jitterMs: round(clamp(jitterSec * 1000, 0, 60_000)),
    packetLossPct: round(lossPct, 2),
  };
  if (video) {
    const elapsedSec = previous ? (nowMs - previous.atMs) / 1000 : 0;
    const fps = num(video.framesPerSecond) ?? (elapsedSec > 0 ? (counters.framesDecoded - previous!.framesDecoded) / elapsedSec : undefined);
    if (fps !== undefined) sample.fps = round(clamp(fps, 0, 240));
    const width = num(video.frameWidth);
    const height = num(video.frameHeight);
    if (width && height) {
      sample.width = Math.round(clamp(width, 1, 8192));
      sample.height = Math.round(clamp(height, 1, 8192));
    }
  }
  return {
    sample,
    localCandidateType: pair ? candidateType(entries, pair.localCandidateId) : null,
    remoteCandidateType: pair ? candidateType(entries, pair.remoteCandidateId) : null,
    counters,
  };
}

export async function statsEntries(pc: RTCPeerConnection): Promise<StatsEntry[]> {
  const report = await pc.getStats();
  const entries: StatsEntry[] = [];
  report.forEach((value: StatsEntry) => entries.push(value));
  return entries;
}
