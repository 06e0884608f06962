/**
 * Page instrumentation, injected with `context.addInitScript` before any page script runs, so
 * the same probes see Parley's web app, the bare pair page and the PeerJS page alike:
 *
 * - `window.__bench.events`: a timeline of what each system does on the way to the first frame
 *   (WebSocket created/opened/each message, RTCPeerConnection created, offer/answer applied,
 *   ICE and DTLS states, remote track, first remote frame), every time stamped on the shared
 *   clock `performance.timeOrigin + performance.now()` (the same clock in every process of
 *   this machine, to a fraction of a millisecond).
 * - `window.__bench.firstFrame`: the first `requestVideoFrameCallback` of any `<video>` showing
 *   a track received over an RTCPeerConnection (WICG video-rvfc), whoever set `srcObject`.
 * - `window.__pcs`: every RTCPeerConnection, for getStats().
 * - a capture-phase click listener: the moment the join button is clicked is the join's t0.
 *
 * Serialized by Playwright: keep it self-contained (no imports, no closures over module scope).
 */
export function installProbes() {
  if (window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const bench = { events: [], firstFrame: null, t0: null, remoteTracks: new WeakSet() };
  window.__bench = bench;
  window.__pcs = [];
  const mark = (name, detail) => {
    bench.events.push({ t: now(), name, ...(detail === undefined ? {} : { detail }) });
  };
  bench.mark = mark;
  bench.now = now;

  // Main-thread tasks over 50 ms (Long Tasks API): what delays a page's signaling steps.
  bench.longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longTasks.push({ t: performance.timeOrigin + entry.startTime, ms: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // not supported
  }

  // t0 for the web UI: the click on the join button (capture phase: before React handles it).
  window.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('[data-testid="join-button"]') : null;
      if (target && bench.t0 === null) {
        bench.t0 = now();
        mark('t0:click');
      }
    },
    true,
  );

  // What each signaling message is, across the three protocols (socket.io, PeerJS, bare JSON).
  const classify = (text) => {
    if (typeof text !== 'string') return 'binary';
    if (/"type":\s*"(offer|OFFER)"/.test(text)) return 'offer';
    if (/"type":\s*"(answer|ANSWER)"/.test(text)) return 'answer';
    if (/candidate/i.test(text)) return 'candidate';
    // socket.io packets: 42<ackId>["event",…] is an event, 43<ackId>[…] the answer to one.
    if (/^42\d*\["join"/.test(text)) return 'join';
    if (/^43\d*\[/.test(text)) return 'ack';
    if (/"participant-joined"/.test(text)) return 'peer-joined';
    if (/^0\{/.test(text)) return 'eio-open';
    if (/^40/.test(text)) return 'sio-connect';
    if (/"type":\s*"OPEN"/.test(text)) return 'peerjs-open';
    if (/^[23]$/.test(text) || /HEARTBEAT/.test(text)) return 'ping';
    return 'other';
  };

  const NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    let count = 0;
    class ProbedWebSocket extends NativeWebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        const id = ++count;
        mark('ws:create', { id });
        this.addEventListener('open', () => mark('ws:open', { id }));
        this.addEventListener('message', (event) => mark(`ws:recv:${classify(event.data)}`, { id }));
      }
      send(data) {
        mark(`ws:send:${classify(data)}`);
        return super.send(data);
      }
    }
    window.WebSocket = ProbedWebSocket;
  }

  const NativePC = window.RTCPeerConnection;
  if (NativePC) {
    const wrap = (name, label) => {
      const original = NativePC.prototype[name];
      NativePC.prototype[name] = function (...args) {
        const arg = args[0];
        const what = { pc: this.__benchId, type: label(arg, this) };
        mark(`pc:${name}:start`, what);
        const result = original.apply(this, args);
        if (result && typeof result.then === 'function') {
          result.then(
            () => mark(`pc:${name}:done`, what),
            () => mark(`pc:${name}:failed`, what),
          );
        }
        return result;
      };
    };
    wrap('createOffer', () => undefined);
    wrap('createAnswer', () => undefined);
    wrap('setLocalDescription', (d, pc) => d?.type ?? (pc.signalingState === 'have-remote-offer' ? 'answer' : 'offer'));
    wrap('setRemoteDescription', (d) => d?.type);
    const replaceTrack = window.RTCRtpSender?.prototype.replaceTrack;
    if (replaceTrack) {
      window.RTCRtpSender.prototype.replaceTrack = function (track) {
        const kind = track?.kind ?? 'null';
        mark(`sender:replaceTrack:${kind}:start`);
        const result = replaceTrack.call(this, track);
        result.then(
          () => mark(`sender:replaceTrack:${kind}:done`),
          () => undefined,
        );
        return result;
      };
    }
    let pcCount = 0;
    class ProbedPeerConnection extends NativePC {
      constructor(configuration) {
        super(configuration);
        window.__pcs.push(this);
        // Which connection each mark is about: a page in an SFU room has several.
        const pc = ++pcCount;
        this.__benchId = pc;
        mark('pc:create', { pc });
        let candidates = 0;
        this.addEventListener('icecandidate', (e) => {
          if (e.candidate && e.candidate.candidate && candidates++ === 0) mark('pc:first-local-candidate', { pc });
        });
        this.addEventListener('iceconnectionstatechange', () => mark(`pc:ice:${this.iceConnectionState}`, { pc }));
        this.addEventListener('connectionstatechange', () => mark(`pc:conn:${this.connectionState}`, { pc }));
        this.addEventListener('track', (e) => {
          bench.remoteTracks.add(e.track);
          mark(`pc:track:${e.track.kind}`, { pc });
        });
      }
    }
    window.RTCPeerConnection = ProbedPeerConnection;
  }

  // The first remote frame rendered, whichever element and whoever binds the stream.
  const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  if (descriptor?.set && HTMLVideoElement.prototype.requestVideoFrameCallback) {
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...descriptor,
      set(value) {
        descriptor.set.call(this, value);
        if (!(this instanceof HTMLVideoElement) || !value || bench.firstFrame) return;
        const video = this;
        const onFrame = (callbackNow, metadata) => {
          if (bench.firstFrame) return;
          const stream = video.srcObject;
          const remote = stream && stream.getVideoTracks().some((track) => bench.remoteTracks.has(track));
          if (!remote) {
            if (stream) video.requestVideoFrameCallback(onFrame);
            return;
          }
          bench.firstFrame = {
            t: performance.timeOrigin + callbackNow,
            presentation: performance.timeOrigin + metadata.presentationTime,
            width: metadata.width,
            height: metadata.height,
          };
          mark('first-frame');
        };
        video.requestVideoFrameCallback(onFrame);
      },
    });
  }
}

/** Reads what the probes recorded in a page. */
export async function readProbes(page) {
  return page.evaluate(() => {
    const b = window.__bench;
    return { t0: b.t0, firstFrame: b.firstFrame, events: b.events, longTasks: b.longTasks };
  });
}
