/** Who may record a room and see its recordings: the host, or anyone an access token grants `moderate`. */
export function mayRecord(hostId: string | null, participantId: string, grants: readonly string[]): boolean {
  return hostId === participantId || grants.includes('moderate');
}
