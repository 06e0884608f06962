// Parley's client SDK with no UI around it: the same LocalMedia, Room, signaling server and
// PeerLink as the web app, driven by a plain page that only binds the remote stream to a
// <video>. Against the web app it shows what the UI costs at join; against the bare pair,
// what the SDK and its signaling cost. Built by lib/sdkPage.mjs (vite) into ./dist.
import { LocalMedia, Room } from '@parley/client';

const params = new URLSearchParams(location.search);
const serverUrl = params.get('server');
const roomId = params.get('room');
const role = params.get('role');
const now = () => performance.timeOrigin + performance.now();

const media = new LocalMedia();
await media.start();
const self = document.getElementById('local');
self.srcObject = media.stream;
self.play().catch(() => undefined);

async function join() {
  const room = new Room({ serverUrl, roomId, name: role, media });
  room.on('track-added', ({ participant, track }) => {
    if (track.kind !== 'video') return;
    const video = document.getElementById('remote');
    video.srcObject = participant.stream;
    video.play().catch(() => undefined);
  });
  room.on('error', (error) => console.warn('room error', error));
  await room.join();
  return room;
}

if (role === 'host') {
  await join();
} else {
  window.start = () => {
    window.__bench.t0 = now();
    window.__bench.mark('t0:start');
    void join();
  };
}
window.benchReady = true;
