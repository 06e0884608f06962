// Shared by the comparison pages: the same capture constraints as Parley's LocalMedia
// (packages/client/src/media/LocalMedia.ts), a self view, and a remote <video> that plays
// whatever arrives, exactly as Parley's web app shows it.
export const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
export const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export const params = new URLSearchParams(location.search);

export async function getMedia() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: AUDIO, video: VIDEO });
  const self = document.getElementById('local');
  self.srcObject = stream;
  self.play().catch(() => undefined);
  return stream;
}

let attached = null;
export function showRemote(stream) {
  if (attached === stream) return;
  attached = stream;
  const video = document.getElementById('remote');
  video.srcObject = stream;
  video.play().catch(() => undefined);
}

// Tracks that arrive without a stream (sent without one, as Parley does) are gathered into one.
const gathered = new MediaStream();
export function showRemoteTrack(track) {
  if (!gathered.getTrackById(track.id)) gathered.addTrack(track);
  showRemote(gathered);
}

export function now() {
  return performance.timeOrigin + performance.now();
}
