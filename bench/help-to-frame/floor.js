// See floor.html. Plain browser JS, served as-is by the benchmark.
/* global window, document, RTCPeerConnection */
const role = new URLSearchParams(window.location.search).get('role');
const other = role === 'caller' ? 'callee' : 'caller';
const channel = new BroadcastChannel('help-to-frame-floor');
const video = document.getElementById('remote');
// Same constraints as the two real sides: the console asks for 720p, the kiosk for 480p.
const constraints = role === 'caller'
  ? { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }
  : { audio: { echoCancellation: true, noiseSuppression: true }, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } };
const state = { pc: null, stream: null, pending: [], t0: null, firstFrameAt: null };
window.floor = state;

const post = (message) => channel.postMessage({ ...message, from: role });

function hangUp() {
  state.stream?.getTracks().forEach((track) => track.stop());
  state.pc?.close();
  state.pc = null;
  state.stream = null;
  state.pending = [];
  video.srcObject = null;
}

async function connect() {
  hangUp();
  state.stream = await navigator.mediaDevices.getUserMedia(constraints);
  const pc = new RTCPeerConnection({ iceServers: [] });
  state.pc = pc;
  pc.onicecandidate = (event) => event.candidate && post({ type: 'candidate', candidate: event.candidate.toJSON() });
  pc.ontrack = (event) => {
    if (video.srcObject !== event.streams[0]) video.srcObject = event.streams[0];
  };
  state.stream.getTracks().forEach((track) => pc.addTrack(track, state.stream));
  return pc;
}

async function flushCandidates() {
  for (const candidate of state.pending.splice(0)) await state.pc.addIceCandidate(candidate);
}

channel.onmessage = async ({ data }) => {
  if (data.from !== other) return;
  if (data.type === 'call' && role === 'caller') {
    const pc = await connect();
    await pc.setLocalDescription(await pc.createOffer());
    post({ type: 'offer', sdp: pc.localDescription.toJSON() });
  } else if (data.type === 'offer' && role === 'callee') {
    const pc = await connect();
    await pc.setRemoteDescription(data.sdp);
    await flushCandidates();
    await pc.setLocalDescription(await pc.createAnswer());
    post({ type: 'answer', sdp: pc.localDescription.toJSON() });
  } else if (data.type === 'answer' && role === 'caller') {
    await state.pc.setRemoteDescription(data.sdp);
    await flushCandidates();
  } else if (data.type === 'candidate') {
    if (state.pc?.remoteDescription) await state.pc.addIceCandidate(data.candidate);
    else state.pending.push(data.candidate);
  } else if (data.type === 'hangup') {
    hangUp();
  }
};

const onFrame = (now) => {
  if (state.t0 !== null && state.firstFrameAt === null) state.firstFrameAt = now;
  video.requestVideoFrameCallback(onFrame);
};
video.requestVideoFrameCallback(onFrame);

/** The callee's "Help": start the clock and ask the caller to call. */
window.startCall = () => {
  hangUp();
  state.firstFrameAt = null;
  state.t0 = performance.now();
  post({ type: 'call' });
};
window.endCall = () => {
  post({ type: 'hangup' });
  hangUp();
  state.t0 = null;
};
