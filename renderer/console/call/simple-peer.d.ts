// Types for the parts of simple-peer 9.11 the console uses (the package ships none).
// `_pc` and `offerOptions` are not documented API, but simple-peer 9 offers no other way to
// restart ICE or read stats as the browser reports them; see call/peer-call.ts.
declare module 'simple-peer' {
  export type PeerSignal = Record<string, unknown>;

  export interface PeerOptions {
    initiator?: boolean;
    channelName?: string;
    config?: RTCConfiguration;
    streams?: MediaStream[];
    trickle?: boolean;
    offerOptions?: RTCOfferOptions;
  }

  export interface PeerInstance {
    readonly connected: boolean;
    readonly destroyed: boolean;
    offerOptions: RTCOfferOptions;
    _pc: RTCPeerConnection;
    signal(data: PeerSignal | string): void;
    send(data: string): void;
    negotiate(): void;
    destroy(error?: Error): void;
    on(event: 'signal', listener: (data: PeerSignal) => void): this;
    on(event: 'connect' | 'close' | 'negotiated', listener: () => void): this;
    on(event: 'data', listener: (data: Uint8Array | string) => void): this;
    on(event: 'stream', listener: (stream: MediaStream) => void): this;
    on(event: 'track', listener: (track: MediaStreamTrack, stream: MediaStream) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    on(event: 'iceStateChange', listener: (iceConnectionState: RTCIceConnectionState, iceGatheringState: RTCIceGatheringState) => void): this;
    removeAllListeners(): this;
  }

  const SimplePeer: { new (options?: PeerOptions): PeerInstance };
  export default SimplePeer;
}
