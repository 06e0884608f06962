// A PeerJS 1.5 media call, the way its documentation shows it: the one already there listens
// for calls and answers with its stream; the joiner opens its Peer and calls. Explicit ids
// (no /id round trip) and no STUN/TURN servers, as for Parley and the bare pair on loopback.
import { getMedia, now, params, showRemote } from './common.js';

const options = {
  host: params.get('host'),
  port: Number(params.get('port')),
  path: '/',
  secure: false,
  debug: 0,
  config: { iceServers: [] },
};
const self = params.get('self');
const other = params.get('other');
const role = params.get('role');
const { Peer } = window.peerjs;

const stream = await getMedia();

if (role === 'host') {
  const peer = new Peer(self, options);
  peer.on('call', (call) => {
    call.answer(stream);
    call.on('stream', showRemote);
  });
  peer.on('error', (error) => console.error('peerjs', error.type, error.message));
  await new Promise((resolve) => peer.on('open', resolve));
  window.benchReady = true;
} else {
  window.start = () => {
    window.__bench.t0 = now();
    window.__bench.mark('t0:start');
    const peer = new Peer(self, options);
    peer.on('error', (error) => console.error('peerjs', error.type, error.message));
    peer.on('open', () => {
      const call = peer.call(other, stream);
      call.on('stream', showRemote);
    });
  };
  window.benchReady = true;
}
