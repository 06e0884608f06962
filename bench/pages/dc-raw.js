// The limit for the data-channel benchmark: one negotiated RTCDataChannel, signaled by the driver
// (offer, answer and candidates handed over through page.evaluate), a pre-filled buffer sent in a
// loop with bufferedAmountLowThreshold backpressure; the receiver only counts bytes.
const pc = new RTCPeerConnection({ iceServers: [] });
const dc = pc.createDataChannel('bench', { negotiated: true, id: 0 });
dc.binaryType = 'arraybuffer';
const candidates = [];
pc.onicecandidate = (e) => {
  if (e.candidate && e.candidate.candidate) candidates.push(e.candidate.toJSON());
};
const now = () => performance.timeOrigin + performance.now();

Object.assign(window, {
  takeCandidates: () => candidates.splice(0),
  addCandidates: async (list) => {
    for (const c of list) await pc.addIceCandidate(c);
  },
  makeOffer: async () => {
    await pc.setLocalDescription();
    return pc.localDescription.toJSON();
  },
  takeOffer: async (offer) => {
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    return pc.localDescription.toJSON();
  },
  takeAnswer: (answer) => pc.setRemoteDescription(answer),
  opened: () => new Promise((r) => (dc.readyState === 'open' ? r() : dc.addEventListener('open', () => r(), { once: true }))),
  /** Sender: `total` bytes in messages of `chunk` bytes, at most `high` buffered, refilled at `low`. */
  send: ({ total, chunk, high, low }) =>
    new Promise((resolve) => {
      const buf = new Uint8Array(chunk);
      for (let o = 0; o < chunk; o += 65536) crypto.getRandomValues(buf.subarray(o, Math.min(chunk, o + 65536)));
      let sent = 0;
      dc.bufferedAmountLowThreshold = low;
      const t0 = now();
      const pump = () => {
        while (sent < total && dc.bufferedAmount <= high) {
          const n = Math.min(chunk, total - sent);
          dc.send(n === chunk ? buf : buf.subarray(0, n));
          sent += n;
        }
      };
      dc.onbufferedamountlow = pump;
      dc.onmessage = (e) => {
        if (e.data === 'done') {
          dc.onbufferedamountlow = null;
          resolve({ t0 });
        }
      };
      pump();
    }),
  receive: ({ total }) =>
    new Promise((resolve) => {
      let got = 0;
      dc.onmessage = (e) => {
        got += e.data.byteLength;
        if (got >= total) {
          const t1 = now();
          dc.onmessage = null;
          dc.send('done');
          resolve({ t1, bytes: got });
        }
      };
    }),
});
window.ready = true;
