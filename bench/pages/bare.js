// The limit on this machine: two RTCPeerConnections, one offer/answer over a minimal WebSocket
// relay, trickle ICE, no server logic. The joiner builds its offer while its socket connects.
//
// Tracks are sent the way Parley sends them, without a MediaStream (`a=msid:-`), unless
// `?sync=1`: then with one, and the receiver lip-syncs video to audio, which delays video.
import { getMedia, now, params, showRemote, showRemoteTrack } from './common.js';

const room = params.get('room');
const role = params.get('role');
const sync = params.get('sync') === '1';
// `?data=1`: also two negotiated data channels, as Parley's chat and files (an SCTP m-section).
const data = params.get('data') === '1';
const addChannels = (pc) => {
  if (!data) return;
  pc.createDataChannel('chat', { negotiated: true, id: 0 });
  pc.createDataChannel('files', { negotiated: true, id: 1 });
};
// `?scale=N`: video starts encoded at 1/N size (sendEncodings scaleResolutionDownBy).
const scale = Number(params.get('scale') ?? 1);
const addTracks = (pc, stream) => {
  for (const track of stream.getTracks()) {
    if (sync) pc.addTrack(track, stream);
    else pc.addTrack(track);
  }
};
const scaleVideo = async (pc) => {
  if (scale === 1) return;
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const p = sender.getParameters();
    if (!p.encodings?.length) continue;
    p.encodings[0].scaleResolutionDownBy = scale;
    await sender.setParameters(p);
  }
};
const relayUrl = `ws://${location.host}/relay?room=${encodeURIComponent(room)}`;
// `?ice=<JSON>`: STUN and TURN servers (a network lab's coturn, the ones Parley hands out there);
// none by default, as on loopback host candidates connect.
const iceServers = JSON.parse(params.get('ice') ?? '[]');

function connect() {
  const ws = new WebSocket(relayUrl);
  const queue = [];
  ws.addEventListener('open', () => {
    for (const m of queue.splice(0)) ws.send(m);
  });
  const send = (message) => {
    const text = JSON.stringify(message);
    if (ws.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  };
  const opened = new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
  return { ws, send, opened };
}

function peer(stream, send) {
  const pc = new RTCPeerConnection({ iceServers });
  pc.onicecandidate = ({ candidate }) => {
    if (candidate && candidate.candidate) send({ candidate });
  };
  pc.ontrack = ({ track, streams }) => {
    if (streams[0]) showRemote(streams[0]);
    else showRemoteTrack(track);
  };
  return pc;
}

// Messages are applied one at a time, in order (a candidate never overtakes its description).
function handle(ws, onMessage) {
  let chain = Promise.resolve();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    chain = chain.then(() => onMessage(message)).catch((error) => console.error(error));
  });
}

const stream = await getMedia();

if (role === 'host') {
  const { ws, send, opened } = connect();
  let pc = null;
  handle(ws, async (message) => {
    if (message.description?.type === 'offer') {
      pc = peer(stream, send);
      await pc.setRemoteDescription(message.description);
      addChannels(pc);
      // addTrack after the remote offer reuses the offered transceivers: one round trip.
      addTracks(pc, stream);
      await scaleVideo(pc);
      await pc.setLocalDescription(await pc.createAnswer());
      send({ description: pc.localDescription });
    } else if (message.candidate && pc) {
      await pc.addIceCandidate(message.candidate);
    }
  });
  await opened;
  window.benchReady = true;
} else {
  window.start = () => {
    window.__bench.t0 = now();
    window.__bench.mark('t0:start');
    const { ws, send } = connect();
    const pc = peer(stream, send);
    addChannels(pc);
    addTracks(pc, stream);
    void scaleVideo(pc);
    handle(ws, async (message) => {
      if (message.description) await pc.setRemoteDescription(message.description);
      else if (message.candidate) await pc.addIceCandidate(message.candidate);
    });
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .then(() => send({ description: pc.localDescription }));
  };
  window.benchReady = true;
}
