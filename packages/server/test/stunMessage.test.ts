import { describe, expect, it } from 'vitest';
import {
  Attr,
  Method,
  decode,
  encode,
  errorCode,
  longTermKey,
  requestedTransport,
  textAttribute,
  verifyFingerprint,
  verifyIntegrity,
  xorAddress,
  xorAddressAttribute,
} from '../src/doctor/stun/message.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 5769 §2.1: sample request, short-term credential (password "VOkJxbRl1RmTxUk/WvJxBt").
const SAMPLE_REQUEST = hex(`
  0001 0058 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 0010 5354554e 20746573 7420636c 69656e74
  0024 0004 6e0001ff
  8029 0008 932ff9b1 51263b36
  0006 0009 6576746a 3a683676 59202020
  0008 0014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
  8028 0004 e57a3bcf`);

// RFC 5769 §2.2: sample IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.
const SAMPLE_RESPONSE = hex(`
  0101 003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 000b 74657374 20766563 746f7220
  0020 0008 0001a147 e112a643
  0008 0014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  8028 0004 c07d4c96`);

const SHORT_TERM_KEY = Buffer.from('VOkJxbRl1RmTxUk/WvJxBt', 'utf8');

describe('STUN message codec (RFC 5389, test vectors of RFC 5769)', () => {
  it('decodes the sample request and checks its MESSAGE-INTEGRITY and FINGERPRINT', () => {
    const message = decode(SAMPLE_REQUEST);
    expect(message).toMatchObject({ method: Method.Binding, cls: 'request' });
    expect(message.transactionId.toString('hex')).toBe('b7e7a701bc34d686fa87dfae');
    expect(message.attributes.find((a) => a.type === Attr.Username)?.value.toString()).toBe('evtj:h6vY');
    expect(verifyIntegrity(SAMPLE_REQUEST, SHORT_TERM_KEY)).toBe(true);
    expect(verifyIntegrity(SAMPLE_REQUEST, Buffer.from('wrong'))).toBe(false);
    expect(verifyFingerprint(SAMPLE_REQUEST)).toBe(true);
  });

  it('decodes the sample response: success class and the XOR-mapped address', () => {
    const message = decode(SAMPLE_RESPONSE);
    expect(message).toMatchObject({ method: Method.Binding, cls: 'success' });
    expect(xorAddress(message, Attr.XorMappedAddress)).toEqual({ family: 'IPv4', address: '192.0.2.1', port: 32853 });
    expect(verifyIntegrity(SAMPLE_RESPONSE, SHORT_TERM_KEY)).toBe(true);
    expect(verifyFingerprint(SAMPLE_RESPONSE)).toBe(true);
  });

  it('re-encodes the sample request byte for byte up to the username padding, and its own output verifies', () => {
    const message = decode(SAMPLE_REQUEST);
    const attributes = message.attributes.filter((a) => a.type !== Attr.MessageIntegrity && a.type !== Attr.Fingerprint);
    const encoded = encode({ ...message, attributes }, { integrityKey: SHORT_TERM_KEY, fingerprint: true });
    expect(encoded.length).toBe(SAMPLE_REQUEST.length);
    expect(encoded.subarray(0, 64)).toEqual(SAMPLE_REQUEST.subarray(0, 64)); // header through SOFTWARE, PRIORITY, ICE-CONTROLLED
    expect(verifyIntegrity(encoded, SHORT_TERM_KEY)).toBe(true);
    expect(verifyFingerprint(encoded)).toBe(true);
  });

  it('encodes an Allocate request and an error class with ERROR-CODE', () => {
    const transactionId = Buffer.alloc(12, 7);
    const allocate = decode(encode({ method: Method.Allocate, cls: 'request', transactionId, attributes: [requestedTransport(17)] }));
    expect(allocate.method).toBe(Method.Allocate);
    expect(allocate.attributes[0]?.value).toEqual(Buffer.from([17, 0, 0, 0]));
    const reason = Buffer.concat([Buffer.from([0, 0, 4, 1]), Buffer.from('Unauthorized')]);
    const error = decode(
      encode({ method: Method.Allocate, cls: 'error', transactionId, attributes: [{ type: Attr.ErrorCode, value: reason }] }),
    );
    expect(error.cls).toBe('error');
    expect(errorCode(error)).toEqual({ code: 401, reason: 'Unauthorized' });
  });

  it('round-trips an XOR address and derives the long-term key as MD5(user:realm:password)', () => {
    const transactionId = Buffer.alloc(12, 1);
    const attribute = xorAddressAttribute(Attr.XorPeerAddress, { family: 'IPv4', address: '203.0.113.9', port: 49170 });
    const message = decode(
      encode({ method: Method.CreatePermission, cls: 'request', transactionId, attributes: [attribute, textAttribute(Attr.Realm, 'r')] }),
    );
    expect(xorAddress(message, Attr.XorPeerAddress)).toEqual({ family: 'IPv4', address: '203.0.113.9', port: 49170 });
    // printf '%s' 'user:realm:pass' | md5sum
    expect(longTermKey('user', 'realm', 'pass').toString('hex')).toBe('8493fbc53ba582fb4c044c456bdc40eb');
  });
});
