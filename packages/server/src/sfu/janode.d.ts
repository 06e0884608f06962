/**
 * The part of janode (Meetecho's Janus client, plain JavaScript) that Parley uses, typed.
 * See janode's src/janode.js, connection.js, session.js, handle.js and plugins/videoroom-plugin.js.
 */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanodeConfig {
    address: { url: string; apisecret?: string } | { url: string; apisecret?: string }[];
    retry_time_secs?: number;
    max_retries?: number;
    is_admin?: boolean;
  }

  export interface JanodeHandle extends EventEmitter {
    readonly id: number;
    trickle(candidate: object | object[] | null): Promise<void>;
    trickleComplete(): Promise<void>;
    hangup(): Promise<void>;
    detach(): Promise<void>;
    /** A plugin request janode has no method for (the VideoRoom's `edit`, for one); rejects on a plugin error. */
    message(body: Record<string, unknown>): Promise<unknown>;
  }

  export interface JanodeSession extends EventEmitter {
    readonly id: number;
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<void>;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
    getInfo(): Promise<Record<string, unknown>>;
  }

  const Janode: {
    connect(config: JanodeConfig): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'debug' | 'verb' | 'info' | 'warn' | 'error' | 'none'): string };
    EVENT: {
      CONNECTION_CLOSED: string;
      CONNECTION_ERROR: string;
      SESSION_DESTROYED: string;
      HANDLE_DETACHED: string;
      HANDLE_ICE_FAILED: string;
      HANDLE_HANGUP: string;
      HANDLE_MEDIA: string;
      HANDLE_WEBRTCUP: string;
      HANDLE_SLOWLINK: string;
      HANDLE_TRICKLE: string;
    };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle } from 'janode';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  /** A publisher's stream as Janus lists it (multistream, Janus 1.x). */
  export interface PublisherStream {
    type: 'audio' | 'video' | 'data';
    mid: string;
    description?: string;
    disabled?: boolean;
  }

  export interface Publisher {
    feed: number;
    display?: string;
    streams?: PublisherStream[];
  }

  /** One m-line of a multistream subscription. */
  export interface SubscriberStream {
    mid: string;
    type: 'audio' | 'video' | 'data';
    active?: boolean;
    feed_id?: number;
    feed_display?: string;
    feed_mid?: string;
    feed_description?: string;
  }

  export interface VideoRoomHandle extends JanodeHandle {
    create(params: {
      room?: number;
      description?: string;
      max_publishers?: number;
      permanent?: boolean;
      is_private?: boolean;
      bitrate?: number;
      fir_freq?: number;
      audiocodec?: string;
      videocodec?: string;
      notify_joining?: boolean;
    }): Promise<{ room: number }>;
    destroy(params: { room: number; permanent?: boolean }): Promise<unknown>;
    exists(params: { room: number }): Promise<{ exists: boolean }>;
    joinConfigurePublisher(params: {
      room: number;
      display?: string;
      audio?: boolean;
      video?: boolean;
      descriptions?: { mid: string; description: string }[];
      jsep: Jsep;
    }): Promise<{ feed: number; publishers: Publisher[]; jsep?: Jsep }>;
    configure(params: {
      streams?: { mid: string; substream?: number; temporal?: number; send?: boolean }[];
      jsep?: Jsep;
      restart?: boolean;
      update?: boolean;
    }): Promise<{ jsep?: Jsep; streams?: unknown[] }>;
    joinSubscriber(params: {
      room: number;
      streams: { feed: number; mid?: string }[];
      autoupdate?: boolean;
      use_msid?: boolean;
    }): Promise<{ streams?: SubscriberStream[]; jsep?: Jsep }>;
    update(params: {
      subscribe?: { feed: number; mid?: string }[];
      unsubscribe?: { feed: number; mid?: string }[];
    }): Promise<{ streams?: SubscriberStream[]; jsep?: Jsep }>;
    start(params: { jsep: Jsep }): Promise<unknown>;
    leave(): Promise<unknown>;
    /** Records every publisher of the room (present and joining) into its rec_dir, or stops. */
    enable_recording(params: { room: number; record: boolean }): Promise<{ record: boolean }>;
    listParticipants(params: { room: number }): Promise<{ participants: { feed: number; display?: string; publisher: boolean }[] }>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: {
      VIDEOROOM_PUB_LIST: string;
      VIDEOROOM_UNPUBLISHED: string;
      VIDEOROOM_LEAVING: string;
      VIDEOROOM_UPDATED: string;
      VIDEOROOM_DESTROYED: string;
      VIDEOROOM_KICKED: string;
      VIDEOROOM_ERROR: string;
    };
  };
  export default VideoRoomPlugin;
}
