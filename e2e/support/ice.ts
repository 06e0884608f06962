import type { Page } from '@playwright/test';

/** The ICE path one peer connection uses: the selected candidate pair and its two candidates. */
export interface SelectedPath {
  localType: string | null;
  remoteType: string | null;
  /** `udp` or `tcp`: how the local candidate reaches its server (for relay: the TURN transport). */
  relayProtocol: string | null;
  localAddress: string | null;
  /** The address the other side's packets come from (through NAT: its router's public address). */
  remoteAddress: string | null;
}

/**
 * For every open RTCPeerConnection of the page, the selected candidate pair
 * (transport.selectedCandidatePairId, webrtc-stats §7.1) and its candidates' types: `host`,
 * `srflx`, `relay`.
 */
export async function selectedPaths(page: Page): Promise<SelectedPath[]> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.signalingState !== 'closed');
    const paths = [];
    for (const pc of pcs) {
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((stat: Record<string, unknown>) => stats.set(String(stat.id), stat));
      const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport ? stats.get(String(transport.selectedCandidatePairId)) : undefined;
      const local = pair ? stats.get(String(pair.localCandidateId)) : undefined;
      const remote = pair ? stats.get(String(pair.remoteCandidateId)) : undefined;
      paths.push({
        localType: (local?.candidateType as string | undefined) ?? null,
        remoteType: (remote?.candidateType as string | undefined) ?? null,
        relayProtocol: (local?.relayProtocol as string | undefined) ?? null,
        localAddress: (local?.address as string | undefined) ?? null,
        remoteAddress: (remote?.address as string | undefined) ?? null,
      });
    }
    return paths;
  });
}
