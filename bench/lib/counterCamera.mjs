/**
 * Glass-to-glass probes, injected with `context.addInitScript(installCounterCamera, options)`.
 *
 * Sender: `getUserMedia` returns, as the camera, a canvas `captureStream(fps)` on which a timer
 * draws a frame counter every 1/fps s, as 24 big black/white blocks (16 bits of counter and
 * 8 bits of check) that survive any codec at any bitrate; the moment each counter is drawn is
 * kept in `__counter.sent`. The microphone stays the fake one.
 *
 * Receiver: `__counter.startReading(selector)` reads the counter back from every frame the
 * remote `<video>` renders (requestVideoFrameCallback + drawImage), with the time it was shown.
 * Both ends use `performance.timeOrigin + performance.now()`, one clock across processes.
 *
 * Serialized by Playwright: keep it self-contained.
 */
export function installCounterCamera({ width = 640, height = 360, fps = 30 } = {}) {
  if (window.__counter) return;
  const COLS = 8;
  const ROWS = 3;
  const now = () => performance.timeOrigin + performance.now();
  const check = (n) => ((n & 0xff) ^ (n >> 8) ^ 0xa5) & 0xff;
  const state = { sent: {}, readings: [], bad: 0, reading: false };
  window.__counter = state;

  let canvas = null;
  let cameraTrack = null;
  function camera() {
    if (cameraTrack && cameraTrack.readyState === 'live') return cameraTrack.clone();
    canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    const bw = width / COLS;
    const bh = height / ROWS;
    let counter = 0;
    const start = performance.now();
    const draw = () => {
      counter = (counter + 1) & 0xffff;
      const bits = counter | (check(counter) << 16);
      for (let i = 0; i < COLS * ROWS; i++) {
        g.fillStyle = (bits >> i) & 1 ? '#fff' : '#000';
        g.fillRect((i % COLS) * bw, Math.floor(i / COLS) * bh, bw, bh);
      }
      state.sent[counter] = now();
      // Keep to the fps grid even when a timer fires late.
      const next = start + Math.ceil((performance.now() - start + 1) / (1000 / fps)) * (1000 / fps);
      setTimeout(draw, Math.max(0, next - performance.now()));
    };
    draw();
    cameraTrack = canvas.captureStream(fps).getVideoTracks()[0];
    return cameraTrack;
  }

  const devices = navigator.mediaDevices;
  if (devices?.getUserMedia) {
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints = {}) => {
      const tracks = [];
      if (constraints.audio) tracks.push(...(await original({ audio: constraints.audio })).getAudioTracks());
      if (constraints.video) tracks.push(camera());
      return new MediaStream(tracks);
    };
  }

  const reader = document.createElement('canvas');
  reader.width = COLS * 8;
  reader.height = ROWS * 8;
  const rg = reader.getContext('2d', { willReadFrequently: true });
  function decode(video) {
    rg.drawImage(video, 0, 0, reader.width, reader.height);
    const pixels = rg.getImageData(0, 0, reader.width, reader.height).data;
    let bits = 0;
    for (let i = 0; i < COLS * ROWS; i++) {
      const x = (i % COLS) * 8 + 4;
      const y = Math.floor(i / COLS) * 8 + 4;
      const o = (y * reader.width + x) * 4;
      const luma = 0.299 * pixels[o] + 0.587 * pixels[o + 1] + 0.114 * pixels[o + 2];
      if (luma > 128) bits |= 1 << i;
    }
    const counter = bits & 0xffff;
    return ((bits >>> 16) & 0xff) === check(counter) ? counter : null;
  }

  state.startReading = (selector) => {
    const video = document.querySelector(selector);
    if (!video) return false;
    state.reading = true;
    const onFrame = (callbackNow, metadata) => {
      if (!state.reading) return;
      const counter = decode(video);
      if (counter === null) state.bad++;
      else {
        state.readings.push({
          counter,
          shown: performance.timeOrigin + metadata.expectedDisplayTime,
          callback: performance.timeOrigin + callbackNow,
          width: metadata.width,
        });
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    return true;
  };
  state.stopReading = () => {
    state.reading = false;
    return { readings: state.readings.splice(0), bad: state.bad };
  };
}

/** Forces a camera size on every getUserMedia call (mesh benchmark: 640×360 to fit 2 cores). */
export function installCameraSize({ width, height, frameRate }) {
  const devices = navigator.mediaDevices;
  if (!devices?.getUserMedia || window.__cameraSize) return;
  window.__cameraSize = true;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints = {}) => {
    if (constraints.video) {
      const base = typeof constraints.video === 'object' ? constraints.video : {};
      constraints = {
        ...constraints,
        video: { ...base, width: { exact: width }, height: { exact: height }, frameRate: { ideal: frameRate } },
      };
    }
    return original(constraints);
  };
}
