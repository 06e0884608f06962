import type { Transfer } from '@parley/client';

/** One file as offered once: a transfer per recipient (outgoing to several), or a single transfer. */
export interface TransferGroup {
  key: string;
  transfers: Transfer[];
}

/** Transfers grouped by `Transfer.group`, each group where its first transfer was, in order. */
export function groupTransfers(transfers: readonly Transfer[]): TransferGroup[] {
  const groups = new Map<string, TransferGroup>();
  for (const transfer of transfers) {
    const group = groups.get(transfer.group);
    if (group) group.transfers.push(transfer);
    else groups.set(transfer.group, { key: transfer.group, transfers: [transfer] });
  }
  return [...groups.values()];
}

/** The element's test id for a transfer in this state (the same on a card and on a recipient's line). */
export function transferTestId(transfer: Transfer): 'file-offer' | 'file-done' | 'file-ended' | 'file-progress' | 'file-pending' {
  if (transfer.state === 'done') return 'file-done';
  if (transfer.final) return 'file-ended';
  if (transfer.state === 'offered') return transfer.direction === 'incoming' ? 'file-offer' : 'file-pending';
  return 'file-progress';
}

/** What tests and tools read off a transfer element. */
export function transferData(transfer: Transfer): Record<`data-${string}`, string | number> {
  return {
    'data-transfer-id': transfer.id,
    'data-direction': transfer.direction,
    'data-state': transfer.state,
    'data-size': transfer.size,
    'data-bytes': transfer.bytes,
    'data-bytes-on-wire': transfer.bytesOnWire,
    'data-resumes': transfer.resumes,
    'data-file-name': transfer.name,
  };
}
