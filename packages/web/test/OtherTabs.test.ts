import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { OtherTabs } from '../src/room/OtherTabs.js';

/** Two tabs of one browser: Node's BroadcastChannel delivers between instances as a browser does between tabs. */
const opened: OtherTabs[] = [];
function tab(roomId = 'standup'): OtherTabs {
  const tabs = new OtherTabs(roomId);
  opened.push(tabs);
  return tabs;
}
afterEach(() => {
  for (const tabs of opened.splice(0)) tabs.close();
});

describe('the other tabs of this browser in a meeting', () => {
  it('a lobby hears of a tab already in the call, and of one that joins later or leaves', async () => {
    const inCall = tab();
    const stopCall = inCall.stayInCall(async () => null);
    const heard: boolean[] = [];
    tab().watchCalls((found) => heard.push(found));
    await waitFor(() => heard.length === 1, { what: 'the answer', timeoutMs: 2_000 });
    stopCall();
    await waitFor(() => heard.length === 2, { what: 'the leave', timeoutMs: 2_000 });
    const later = tab().stayInCall(async () => null);
    await waitFor(() => heard.length === 3, { what: 'the next call', timeoutMs: 2_000 });
    expect(heard).toEqual([true, false, true]);
    later();
  });

  it('taking over makes the tab in the call leave, waits until it has, and receives its session', async () => {
    const events: string[] = [];
    const inCall = tab();
    inCall.stayInCall(async () => {
      events.push('leaving');
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push('left');
      return 'resume-token-of-the-first-tab';
    });
    const lobby = tab();
    let elsewhere = false;
    lobby.watchCalls((found) => (elsewhere = found));
    await waitFor(() => elsewhere, { what: 'the call found', timeoutMs: 2_000 });
    expect(await lobby.takeOver()).toBe('resume-token-of-the-first-tab');
    events.push('joining');
    expect(events).toEqual(['leaving', 'left', 'joining']);
  });

  it('hears nothing of another meeting, and takes nothing over when no tab is in the call', async () => {
    tab('other-room').stayInCall(async () => {
      throw new Error('never taken over');
    });
    const heard: boolean[] = [];
    const lobby = tab();
    lobby.watchCalls((found) => heard.push(found));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await lobby.takeOver()).toBeNull();
    expect(heard).toEqual([]);
  });

  it('closed by an effect’s cleanup and used again (React runs effects twice in development), it still hears the other tabs', async () => {
    const inCall = tab();
    const stopCall = inCall.stayInCall(async () => null);
    const lobby = tab();
    lobby.watchCalls(() => undefined)();
    lobby.close();
    const heard: boolean[] = [];
    lobby.watchCalls((found) => heard.push(found));
    // The answer to each question asked (the one before the close too) reaches the reopened channel.
    await waitFor(() => heard.length >= 1, { what: 'the answer after reopening', timeoutMs: 2_000 });
    expect(heard.every(Boolean)).toBe(true);
    stopCall();
  });
});
