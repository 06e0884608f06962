/** Two notes, E5 then A5, each fading out: a chime, not a beep. */
export const RISING_CHIME_HZ = [659.25, 880] as const;
/** The same two notes falling, as a doorbell does: someone is at the door. */
export const DOORBELL_HZ = [880, 659.25] as const;
const NOTE_S = 0.45;

/**
 * Schedules a chime on `context` into each of `outputs` (each note fades in over 20 ms and out
 * over its length, so it never clicks). Returns how long it lasts, in seconds.
 */
export function scheduleChime(
  context: BaseAudioContext,
  outputs: readonly AudioNode[],
  notesHz: readonly number[],
  peakGain = 0.3,
): number {
  const start = context.currentTime + 0.05;
  notesHz.forEach((hz, index) => {
    const note = context.createOscillator();
    const gain = context.createGain();
    const at = start + index * NOTE_S;
    note.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(peakGain, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
    note.connect(gain);
    for (const output of outputs) gain.connect(output);
    note.start(at);
    note.stop(at + NOTE_S);
  });
  return notesHz.length * NOTE_S + 0.05;
}

/** The doorbell on the default output, quietly: a person is waiting to be let in. */
export function ringDoorbell(): void {
  try {
    const context = new AudioContext();
    const seconds = scheduleChime(context, [context.destination], DOORBELL_HZ, 0.12);
    setTimeout(() => void context.close(), (seconds + 0.2) * 1000);
  } catch (error) {
    // No audio output (a headless browser, a locked-down kiosk): the notice and badge still show.
    console.warn('[parley] the doorbell did not ring', error);
  }
}
