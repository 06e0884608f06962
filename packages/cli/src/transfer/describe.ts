import type { Transfer } from '@parley/client';
import { bytes, duration } from '../format.js';

/** "report.pdf → Ada" or "report.pdf ← Ada". */
export function transferTitle(transfer: Transfer): string {
  return `${transfer.name} ${transfer.direction === 'outgoing' ? '→' : '←'} ${transfer.peerName}`;
}

/** "report.pdf → Ada: 24.0 MB of 50.0 MB (48%), 5.10 MB/s, 5 s left": the same figures the web app shows. */
export function transferProgress(transfer: Transfer): string {
  const percent = transfer.size > 0 ? Math.floor((transfer.bytes / transfer.size) * 100) : 100;
  const parts = [`${bytes(transfer.bytes)} of ${bytes(transfer.size)} (${percent}%)`];
  if (transfer.state === 'transferring') {
    const rate = transfer.rate;
    if (rate > 0) parts.push(`${bytes(rate)}/s`);
    const eta = transfer.etaSeconds;
    if (eta !== null) parts.push(`${duration(eta)} left`);
  } else {
    parts.push(STATE_WORDS[transfer.state] ?? transfer.state);
  }
  return `${transferTitle(transfer)}: ${parts.join(', ')}`;
}

const STATE_WORDS: Partial<Record<Transfer['state'], string>> = {
  offered: 'waiting for an answer',
  waiting: 'accepted, queued',
  interrupted: 'interrupted, resumes when the other side is back',
  verifying: 'checking SHA-256',
};

/** Why a transfer ended without arriving, in words a person can act on. */
export function transferOutcome(transfer: Transfer): string {
  switch (transfer.state) {
    case 'declined':
      return `${transferTitle(transfer)}: declined`;
    case 'cancelled':
      return `${transferTitle(transfer)}: cancelled${transfer.problem === 'peer-gone' ? ` (${transfer.peerName} left before it was accepted)` : ''}`;
    case 'failed':
      return `${transferTitle(transfer)}: failed: ${PROBLEMS[transfer.problem ?? 'protocol']}`;
    default:
      return `${transferTitle(transfer)}: ${transfer.state}`;
  }
}

const PROBLEMS: Record<NonNullable<Transfer['problem']>, string> = {
  'hash-mismatch': "the SHA-256 of what arrived does not match the sender's; nothing was saved",
  'too-large': 'the file is larger than the receiver can store',
  storage: 'the file could not be read or written (disk full, permissions?)',
  protocol: 'the other side sent something out of order',
  'peer-gone': 'the other side left',
  expired: 'the other side did not come back within 15 minutes',
};

/**
 * A line worth keeping when a transfer changes course (interrupted, resumed), or null.
 * Progress lines come and go; these stay, so a log tells what happened.
 */
export function transferEvent(transfer: Transfer, before: { state: Transfer['state']; resumes: number } | undefined): string | null {
  if (transfer.state === 'interrupted' && before?.state !== 'interrupted') {
    return `… ${transferTitle(transfer)}: interrupted at ${bytes(transfer.bytes)}; continues when ${transfer.peerName} is back`;
  }
  if (before && transfer.resumes > before.resumes) {
    return `… ${transferTitle(transfer)}: resumed from ${bytes(transfer.bytes)} of ${bytes(transfer.size)}`;
  }
  return null;
}

/** Bytes handed to the network against the file's size: "812 MB sent for 800 MB (1.02×)". */
export function wireCost(transfer: Transfer): string {
  const ratio = transfer.size > 0 ? transfer.bytesOnWire / transfer.size : 1;
  return `${bytes(transfer.bytesOnWire)} sent for ${bytes(transfer.size)} (${ratio.toFixed(2)}×)`;
}
