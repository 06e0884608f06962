/** What tabs of this browser say about one meeting on its channel. */
type TabMessage =
  | { kind: 'who-is-in-the-call' }
  | { kind: 'in-the-call' }
  /** `session`: the resume token of the call this tab left for another, which that tab's join replaces. */
  | { kind: 'left-the-call'; session?: string | null }
  | { kind: 'take-over' };

/** How long a tab taking over waits for the one in the call to have left (its goodbye sent). */
const HANDOVER_MS = 3_000;

/**
 * The other tabs of this browser in the same meeting (HTML §9.5 BroadcastChannel: same origin,
 * same browser profile). A person who opens the link again in a second tab and joins would be in
 * the room twice, both live, and hear themselves. So a tab in the call says so (`stayInCall`),
 * a tab outside it hears that (`watchCalls`: its lobby offers to move the call here), and
 * joining from it first makes the other tab leave and hand over its session (`takeOver`), which
 * the join then replaces, as a reloaded page does: the seat moves, so a password is not asked
 * again, a lock does not shut the person out and a host stays host. Without BroadcastChannel
 * nothing is heard and nothing is asked.
 */
export class OtherTabs {
  readonly #name: string;
  #channel: BroadcastChannel | null = null;
  #elsewhere = false;

  constructor(roomId: string) {
    this.#name = `parley.meeting.${roomId}`;
  }

  /** Outside the call: `onChange(true)` while another tab of this browser is in it. Returns the stop. */
  watchCalls(onChange: (inCallElsewhere: boolean) => void): () => void {
    const stop = this.#listen((message) => {
      if (message.kind !== 'in-the-call' && message.kind !== 'left-the-call') return;
      this.#elsewhere = message.kind === 'in-the-call';
      onChange(this.#elsewhere);
    });
    this.#post({ kind: 'who-is-in-the-call' });
    return stop;
  }

  /**
   * Before joining from this tab: a tab in the call leaves it; resolves once it has, with the
   * session it handed over (null when none did, or after a while).
   */
  async takeOver(): Promise<string | null> {
    if (!this.#elsewhere) return null;
    const session = await new Promise<string | null>((resolve) => {
      const done = (handed: string | null) => {
        clearTimeout(timer);
        stop();
        resolve(handed);
      };
      const timer = setTimeout(() => done(null), HANDOVER_MS);
      const stop = this.#listen((message) => {
        if (message.kind === 'left-the-call') done(message.session ?? null);
      });
      this.#post({ kind: 'take-over' });
    });
    this.#elsewhere = false;
    return session;
  }

  /**
   * While this tab is in the call: says so to tabs that ask, and calls `onTakenOver` (which
   * leaves, resolving with the session's resume token) when another joins instead. The returned
   * stop says this tab left the call.
   */
  stayInCall(onTakenOver: () => Promise<string | null>): () => void {
    let inCall = true;
    const stop = this.#listen((message) => {
      if (!inCall) return;
      if (message.kind === 'who-is-in-the-call') this.#post({ kind: 'in-the-call' });
      if (message.kind !== 'take-over') return;
      inCall = false;
      onTakenOver().then(
        (session) => this.#post({ kind: 'left-the-call', session }),
        () => this.#post({ kind: 'left-the-call' }),
      );
    });
    this.#post({ kind: 'in-the-call' });
    return () => {
      stop();
      if (inCall) this.#post({ kind: 'left-the-call' });
      inCall = false;
    };
  }

  /** Closes the channel; using this object again opens a new one (React may run effects again after their cleanup). */
  close(): void {
    this.#channel?.close();
    this.#channel = null;
  }

  #open(): BroadcastChannel | null {
    if (!this.#channel && typeof BroadcastChannel === 'function') this.#channel = new BroadcastChannel(this.#name);
    return this.#channel;
  }

  #listen(handle: (message: TabMessage) => void): () => void {
    const channel = this.#open();
    if (!channel) return () => undefined;
    const onMessage = (event: MessageEvent<TabMessage>) => handle(event.data);
    channel.addEventListener('message', onMessage);
    return () => channel.removeEventListener('message', onMessage);
  }

  #post(message: TabMessage): void {
    this.#open()?.postMessage(message);
  }
}
