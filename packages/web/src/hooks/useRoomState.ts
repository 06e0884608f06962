import { startTransition, useEffect, useRef, useState } from 'react';
import type { LinkConnectionState, MediaState, Room, ScreenShare, SignalingState } from '@parley/client';

/** What the call view needs about one remote participant, as plain React state. */
export interface ParticipantView {
  id: string;
  name: string;
  stream: MediaStream;
  /** Their screen share; `sharing` says whether they are sharing now. */
  screenStream: MediaStream;
  sharing: boolean;
  /** Mic / camera state they announced; null until known. */
  media: MediaState | null;
  /** `reconnecting` while a lost path is restored (ICE restart). */
  connectionState: LinkConnectionState;
  /** Bumps when their tracks change, so the tile re-binds srcObject and plays. */
  revision: number;
}

export interface RoomState {
  participants: ParticipantView[];
  signaling: SignalingState;
  /** Your own screen share, while it lasts. */
  localScreen: ScreenShare | null;
}

/**
 * Mirrors `room.participants` into React state. Every event re-reads the whole map
 * rather than patching, so an event missed between join() and subscribing cannot
 * leave a stale tile behind.
 */
export function useRoomState(room: Room | null): RoomState {
  const [participants, setParticipants] = useState<ParticipantView[]>([]);
  const [signaling, setSignaling] = useState<SignalingState>(room?.signalingState ?? 'connected');
  const revisions = useRef(new Map<string, number>());
  const [localScreen, setLocalScreen] = useState<ScreenShare | null>(room?.screenShare ?? null);

  useEffect(() => {
    setSignaling(room?.signalingState ?? 'connected');
    if (!room) {
      setParticipants([]);
      return;
    }
    // Transitions: the tiles render in slices that yield to the peer connections' callbacks, which
    // come at the same moments (a newcomer's offer right after participant-joined, the answer
    // right after track-added) and are on the path to the first frame.
    const sync = () => {
      const views = [...room.participants.values()].map((p) => ({
        id: p.id,
        name: p.name,
        stream: p.stream,
        screenStream: p.screenStream,
        // The screen slot is negotiated at join; it carries a share while they say so.
        sharing: p.media?.screen === true && p.screenStream.getVideoTracks().length > 0,
        media: p.media,
        connectionState: p.connectionState,
        revision: revisions.current.get(p.id) ?? 0,
      }));
      startTransition(() => setParticipants(views));
    };
    const onTracks = ({ participant }: { participant: { id: string } }) => {
      revisions.current.set(participant.id, (revisions.current.get(participant.id) ?? 0) + 1);
      sync();
    };
    const onLeft = (participant: { id: string }) => {
      revisions.current.delete(participant.id);
      sync();
    };
    const onSignaling = (state: SignalingState) => setSignaling(state);
    const onError = (error: unknown) => {
      // Non-fatal by contract (the room keeps running); keep it visible to whoever debugs.
      console.warn('[parley] room error', error);
    };

    // One table for subscribing and unsubscribing, so the two can never drift apart.
    const unsubscribe = room.listen({
      'participant-joined': sync,
      'participant-left': onLeft,
      'track-added': onTracks,
      'track-removed': onTracks,
      'connection-state': sync,
      'signaling-state': onSignaling,
      'media-state': sync,
      'local-screen-share': setLocalScreen,
      error: onError,
    });
    sync();
    return unsubscribe;
  }, [room]);

  return { participants, signaling, localScreen };
}
