// Injected into a page before its scripts run (Playwright addInitScript; plain JS so no
// transpiler helper can leak into the page). Every RTCPeerConnection the page makes is kept
// with the config it was given and the ICE ufrag of each description (a changed ufrag is an
// ICE restart); the first frame a watched <video> presents after a watched button is clicked
// is timed. Tests read getStats() from the page's real connections through the helpers
// below. The page under test is changed only by this constructor wrapper.
/* global window, document, MutationObserver, Element */
(() => {
  const watch = window.__rtcProbeWatch || { button: 'help-button', video: 'remote-video' };
  const probe = { pcs: [], configs: [], events: [], channels: [], clickAt: null, firstFrameAt: null };
  window.__rtcProbe = probe;
  const ufrag = (sdp) => (/a=ice-ufrag:(\S+)/.exec(sdp || '') || [])[1] || '';
  const Native = window.RTCPeerConnection;
  class ProbedPeerConnection extends Native {
    constructor(config) {
      super(config);
      const index = probe.pcs.push(this) - 1;
      probe.configs.push(config ? JSON.parse(JSON.stringify(config)) : null);
      this.addEventListener('iceconnectionstatechange', () => probe.events.push({ at: performance.now(), pc: index, kind: 'ice', value: this.iceConnectionState }));
      this.addEventListener('datachannel', (event) => probe.channels.push(event.channel));
    }
    createDataChannel(label, options) {
      const channel = super.createDataChannel(label, options);
      probe.channels.push(channel);
      return channel;
    }
    async setLocalDescription(description) {
      await super.setLocalDescription(description);
      probe.events.push({ at: performance.now(), pc: probe.pcs.indexOf(this), kind: 'local-ufrag', value: ufrag(this.localDescription && this.localDescription.sdp) });
    }
    async setRemoteDescription(description) {
      await super.setRemoteDescription(description);
      probe.events.push({ at: performance.now(), pc: probe.pcs.indexOf(this), kind: 'remote-ufrag', value: ufrag(this.remoteDescription && this.remoteDescription.sdp) });
    }
  }
  window.RTCPeerConnection = ProbedPeerConnection;

  // Every camera and microphone track the page opens, to check they are released.
  const tracks = [];
  if (navigator.mediaDevices) {
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
  }

  document.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element) || !event.target.closest(`[data-testid="${watch.button}"]`)) return;
      probe.clickAt = performance.now();
      probe.firstFrameAt = null;
    },
    true,
  );
  const armed = new WeakSet();
  const arm = (video) => {
    if (armed.has(video)) return;
    armed.add(video);
    const onFrame = (now) => {
      if (probe.clickAt !== null && probe.firstFrameAt === null && video.isConnected) probe.firstFrameAt = now;
      if (video.isConnected) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const scan = () => document.querySelectorAll(`video[data-testid="${watch.video}"]`).forEach(arm);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });

  /** Frames decoded and the selected candidate pair of the newest connection. */
  probe.figures = async () => {
    const pc = probe.pcs[probe.pcs.length - 1];
    if (!pc) return { framesDecoded: 0, frameWidth: 0, audioEnergy: 0, localCandidateType: null, remoteCandidateType: null, localAddress: null, iceState: 'none' };
    const entries = [];
    (await pc.getStats()).forEach((value) => entries.push(value));
    const video = entries.find((e) => e.type === 'inbound-rtp' && e.kind === 'video');
    const audio = entries.find((e) => e.type === 'inbound-rtp' && e.kind === 'audio');
    const transport = entries.find((e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string');
    const pair = transport && entries.find((e) => e.id === transport.selectedCandidatePairId);
    const candidate = (id) => entries.find((e) => e.id === id) || {};
    return {
      framesDecoded: Number((video && video.framesDecoded) || 0),
      frameWidth: Number((video && video.frameWidth) || 0),
      audioEnergy: Number((audio && audio.totalAudioEnergy) || 0),
      localCandidateType: pair ? candidate(pair.localCandidateId).candidateType || null : null,
      remoteCandidateType: pair ? candidate(pair.remoteCandidateId).candidateType || null : null,
      localAddress: pair ? `${candidate(pair.localCandidateId).address}:${candidate(pair.localCandidateId).port}` : null,
      remoteAddress: pair ? `${candidate(pair.remoteCandidateId).address}:${candidate(pair.remoteCandidateId).port}` : null,
      iceState: pc.iceConnectionState,
    };
  };
  /** What a <video> shows: its intrinsic width and the frames it has presented. */
  probe.videoFrames = (testId) => {
    const el = document.querySelector(`video[data-testid="${testId}"]`);
    return el ? { width: el.videoWidth, frames: el.getVideoPlaybackQuality().totalVideoFrames } : { width: 0, frames: 0 };
  };
  /** Every track getUserMedia gave the page, with its state ('live' or 'ended'). */
  probe.capturedTracks = () => tracks.map((t) => ({ kind: t.kind, readyState: t.readyState }));
  /**
   * Sends a frame on the page's newest open data channel, as the page itself would: for
   * protocol messages no screen of the page can send yet (see the call tests).
   */
  probe.sendOnChannel = (text) => {
    const channel = probe.channels.filter((c) => c.readyState === 'open').pop();
    if (!channel) return false;
    channel.send(text);
    return true;
  };
  probe.summary = () => ({ configs: probe.configs, events: probe.events, clickAt: probe.clickAt, firstFrameAt: probe.firstFrameAt, pcCount: probe.pcs.length });
})();
