import type { FileWire } from '@parley/protocol';
import { proof, sameProof } from '../secrets.js';

type ResumeWire = Extract<FileWire, { t: 'resume' }>;

/**
 * The resume handshake after a link drops. The transfer key, which only the receiver chose and
 * only the sender it accepted from holds, signs each step, bound to the transfer and to the two
 * participant ids in the order of the step (HMAC-SHA-256, RFC 2104): a `resume` proves the
 * receiver, a `resume-ok` proves the sender, and neither can be replayed on another link or by
 * a third participant, who learns nothing from a wrong proof (it gets no answer).
 */

/** The receiver's `resume` to `senderId`, and the proof the sender's `resume-ok` must carry. */
export async function resumeRequest(
  key: string,
  transferId: string,
  receiverId: string,
  senderId: string,
  offset: number,
): Promise<{ message: ResumeWire; answer: string }> {
  const [mac, answer] = await Promise.all([
    proof(key, 'resume', transferId, receiverId, senderId),
    proof(key, 'resume-ok', transferId, senderId, receiverId),
  ]);
  return { message: { t: 'resume', id: transferId, offset, proof: mac }, answer };
}

/** The sender's check of a `resume` from `receiverId`: the proof for its `resume-ok`, or null if the request does not prove the receiver. */
export async function answerResume(key: string, request: ResumeWire, receiverId: string, senderId: string): Promise<string | null> {
  const expected = await proof(key, 'resume', request.id, receiverId, senderId);
  if (!sameProof(expected, request.proof)) return null;
  return proof(key, 'resume-ok', request.id, senderId, receiverId);
}

/** The receiver's check of a `resume-ok` against the answer its request expects. */
export function resumeAnswered(expected: string | undefined, received: string): boolean {
  return !!expected && sameProof(expected, received);
}
