import { describe, expect, it } from 'vitest';
import { preferRed, withOpusDtx } from '../../src/peer/audioResilience.js';

/** The audio part of an offer as Chromium makes it: Opus with FEC, RED carrying Opus, telephone events. */
const OFFER = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 126',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:126 telephone-event/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  'a=fmtp:96 x-google-start-bitrate=300',
  '',
].join('\r\n');

describe('DTX asked for in a local description (RFC 7587 §6.1)', () => {
  it('adds usedtx=1 to the Opus parameters only, keeping FEC and every other line', () => {
    const munged = withOpusDtx(OFFER);
    expect(munged).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(munged).toContain('a=fmtp:63 111/111\r\n');
    expect(munged).toContain('a=fmtp:96 x-google-start-bitrate=300\r\n');
    expect(munged.split('\r\n')).toHaveLength(OFFER.split('\r\n').length);
  });

  it('leaves a description that already says usedtx, or has no Opus, as it is', () => {
    const twice = withOpusDtx(withOpusDtx(OFFER));
    expect(twice.match(/usedtx/g)).toHaveLength(1);
    const noOpus = OFFER.replace('opus/48000/2', 'PCMU/8000');
    expect(withOpusDtx(noOpus)).toBe(noOpus);
    const disabled = OFFER.replace('useinbandfec=1', 'useinbandfec=1;usedtx=0');
    expect(withOpusDtx(disabled)).toBe(disabled);
  });

  it('reads descriptions with bare \\n line ends (Firefox, Node) too', () => {
    expect(withOpusDtx(OFFER.replaceAll('\r\n', '\n'))).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\n');
  });
});

describe('RED first among the audio codecs', () => {
  const opus = { mimeType: 'audio/opus', clockRate: 48000, channels: 2 };
  const red = { mimeType: 'audio/red', clockRate: 48000, channels: 2 };
  const tone = { mimeType: 'audio/telephone-event', clockRate: 8000 };
  function transceiver() {
    const set: RTCRtpCodec[][] = [];
    return { set, setCodecPreferences: (codecs: RTCRtpCodec[]) => set.push(codecs) } as unknown as RTCRtpTransceiver & {
      set: RTCRtpCodec[][];
    };
  }

  it('moves RED to the front and keeps every other codec in its order', () => {
    const t = transceiver();
    preferRed(t, { codecs: [opus, red, tone], headerExtensions: [] });
    expect(t.set).toEqual([[red, opus, tone]]);
  });

  it('leaves a browser without RED, or with RED first already, alone', () => {
    const t = transceiver();
    preferRed(t, { codecs: [opus, tone], headerExtensions: [] });
    preferRed(t, { codecs: [red, opus], headerExtensions: [] });
    preferRed(t, null);
    expect(t.set).toEqual([]);
  });
});
