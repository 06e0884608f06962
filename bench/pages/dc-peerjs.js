// PeerJS 1.5 file transfer for the data-channel benchmark, the way its documentation shows it:
// conn.send() with the default binary serialization (which cuts each message into 16,300-byte
// chunks), the receiver counts bytes (no verification).
const params = new URLSearchParams(location.search);
const now = () => performance.timeOrigin + performance.now();
const peer = new window.peerjs.Peer(params.get('self'), {
  host: params.get('host'),
  port: Number(params.get('port')),
  path: '/',
  secure: false,
  debug: 0,
  config: { iceServers: [] },
});
peer.on('error', (error) => console.error('peerjs', error.type, error.message));
await new Promise((resolve) => peer.on('open', resolve));
let receiving = null;
peer.on('connection', (conn) => {
  window.conn = conn;
  conn.on('data', (data) => {
    if (!receiving) return;
    receiving.got += data.byteLength;
    if (receiving.got >= receiving.total) {
      const r = receiving;
      receiving = null;
      conn.send('done');
      r.resolve({ t1: now(), bytes: r.got });
    }
  });
});
Object.assign(window, {
  connect: (other) =>
    new Promise((resolve) => {
      const conn = peer.connect(other, { reliable: true });
      window.conn = conn;
      conn.on('open', () => resolve());
    }),
  receive: ({ total }) => new Promise((resolve) => (receiving = { total, got: 0, resolve })),
  // Sender: the file from the <input>, read in slices; conn.send() queues inside PeerJS, so wait
  // while its buffer or the channel's is full (PeerJS has no backpressure event).
  send: async ({ chunk }) => {
    const file = document.getElementById('file').files[0];
    const conn = window.conn;
    const dc = conn.dataChannel;
    const done = new Promise((resolve) =>
      conn.on('data', (d) => {
        if (d === 'done') resolve();
      }),
    );
    const t0 = now();
    let next = file.slice(0, chunk).arrayBuffer();
    for (let offset = 0; offset < file.size; offset += chunk) {
      const data = await next;
      if (offset + chunk < file.size) next = file.slice(offset + chunk, offset + 2 * chunk).arrayBuffer();
      while (conn.bufferSize > 0 || dc.bufferedAmount > 4 << 20) await new Promise((r) => setTimeout(r, 1));
      conn.send(data);
    }
    await done;
    return { t0 };
  },
});
window.ready = true;
