// The device tests only the page can run: camera and microphone through getUserMedia (the
// same path a video call takes), and TURN by gathering a relay candidate with
// iceTransportPolicy 'relay' — proof that the kiosk can reach the relay with the hub's
// credentials. Each answers a verdict with a short reason code; the host records it.
export type PageVerdict = { passed: true; reason: null } | { passed: false; reason: string };

export interface MediaEnv {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
}

const errorCode = (err: unknown): string => {
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? String((err as { name: unknown }).name) : 'error';
  return name.replace(/[^A-Za-z0-9:._-]/g, '').slice(0, 80) || 'error';
};

/** Passes when the device gives a live track; the track is stopped at once. */
export async function mediaTest(kind: 'camera' | 'microphone', env: MediaEnv): Promise<PageVerdict> {
  let stream: MediaStream;
  try {
    stream = await env.getUserMedia(kind === 'camera' ? { video: true, audio: false } : { audio: true, video: false });
  } catch (err) {
    return { passed: false, reason: errorCode(err) };
  }
  const tracks = kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks();
  const live = tracks.some((t) => t.readyState === 'live' && t.enabled);
  for (const t of stream.getTracks()) t.stop();
  return live ? { passed: true, reason: null } : { passed: false, reason: 'no-live-track' };
}

export type PeerFactory = (config: RTCConfiguration) => RTCPeerConnection;

/** Gathers ICE candidates through the relay only; passes on the first relay candidate. */
export function turnTest(iceServers: RTCIceServer[], makePeer: PeerFactory, timeoutMs = 10_000): Promise<PageVerdict> {
  return new Promise((resolve) => {
    let pc: RTCPeerConnection;
    try {
      pc = makePeer({ iceServers, iceTransportPolicy: 'relay' });
    } catch (err) {
      resolve({ passed: false, reason: errorCode(err) });
      return;
    }
    let done = false;
    const finish = (v: PageVerdict) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.close();
      resolve(v);
    };
    const timer = setTimeout(() => finish({ passed: false, reason: 'timeout' }), timeoutMs);
    pc.onicecandidate = (e) => {
      if (e.candidate === null) return finish({ passed: false, reason: 'no-relay-candidate' });
      if (e.candidate.type === 'relay' || / typ relay /.test(e.candidate.candidate)) finish({ passed: true, reason: null });
    };
    pc.onicecandidateerror = () => undefined; // a failing server among several is not the verdict
    // A data channel gives the offer something to gather for, without camera or microphone.
    pc.createDataChannel('turn-test');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch((err: unknown) => finish({ passed: false, reason: errorCode(err) }));
  });
}
