import type { AudioProcessor } from '@parley/client';
import rnnoiseWasmUrl from '@echogarden/rnnoise-wasm/rnnoise.wasm?url';
import workletUrl from './rnnoise.worklet.ts?worker&url';
import {
  NOISE_PROCESSOR_NAME,
  NOISE_SAMPLE_RATE,
  type NoiseProcessorMessage,
  type NoiseProcessorOptions,
} from './noiseProcessorProtocol.js';

/** Loading the worklet and compiling RNNoise takes well under a second; this long means it never will. */
const READY_TIMEOUT_MS = 10_000;

/**
 * RNNoise between the microphone and the peer connections, on the device: microphone →
 * MediaStreamAudioSourceNode → AudioWorkletNode (rnnoise.worklet.ts) → MediaStreamAudioDestinationNode,
 * whose track is sent instead of the microphone. Everything it loads (worklet, .wasm with the model
 * compiled in) is served by Parley itself; nothing leaves the device.
 */
export class NoiseSuppressor implements AudioProcessor {
  /**
   * The browser's own suppressor off while RNNoise runs (the two in series only cost speech), and
   * its AGC too: without its suppressor it cannot tell words from noise, and in Firefox it left
   * speech 4 to 8 dB quieter than with the browser's suppressor. SpeechLevel, after RNNoise, gives
   * the level back, steered by RNNoise's voice probability.
   */
  readonly captureConstraints: MediaTrackConstraints = { noiseSuppression: false, autoGainControl: false };
  readonly #context: AudioContext;
  readonly #node: AudioWorkletNode;
  readonly #output: MediaStreamTrack;
  #input: MediaStreamTrack | null = null;
  #source: MediaStreamAudioSourceNode | null = null;
  /** Told when the microphone cannot be connected (a sample rate the browser will not convert). */
  onFailure: ((error: unknown) => void) | null = null;

  static supported(): boolean {
    return typeof AudioContext === 'function' && typeof AudioWorkletNode === 'function' && typeof WebAssembly === 'object';
  }

  /** Loads the worklet and RNNoise; rejects when this browser cannot run them. */
  static async create(): Promise<NoiseSuppressor> {
    // RNNoise works on 48 kHz (10 ms = 480 samples); the context resamples the microphone to it.
    const context = new AudioContext({ sampleRate: NOISE_SAMPLE_RATE, latencyHint: 'interactive' });
    try {
      const [wasm] = await Promise.all([fetchBytes(rnnoiseWasmUrl), context.audioWorklet.addModule(workletUrl)]);
      const processorOptions: NoiseProcessorOptions = { wasm };
      const node = new AudioWorkletNode(context, NOISE_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        // Mono in: a stereo microphone is down-mixed by the graph (Web Audio §1.5, "speakers").
        channelCount: 1,
        channelCountMode: 'explicit',
        processorOptions,
      });
      await whenReady(node);
      const destination = context.createMediaStreamDestination();
      destination.channelCount = 1;
      node.connect(destination);
      const output = destination.stream.getAudioTracks()[0];
      if (!output) throw new Error('no output track');
      return new NoiseSuppressor(context, node, output);
    } catch (error) {
      void context.close();
      throw error;
    }
  }

  private constructor(context: AudioContext, node: AudioWorkletNode, output: MediaStreamTrack) {
    this.#context = context;
    this.#node = node;
    this.#output = output;
  }

  get output(): MediaStreamTrack {
    return this.#output;
  }

  /** False until the page may play audio (autoplay policy); the output is silent until then. */
  get running(): boolean {
    return this.#context.state === 'running';
  }

  /**
   * Resolves once the audio graph runs. Browsers start an AudioContext only after the person
   * interacted with the page (HTML autoplay policy); any click or key on the page starts it.
   */
  whenRunning(signal: AbortSignal): Promise<void> {
    if (this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const retry = () => void this.#context.resume().catch(() => undefined);
      const onState = () => {
        if (!this.running) return;
        cleanup();
        resolve();
      };
      const cleanup = () => {
        this.#context.removeEventListener('statechange', onState);
        document.removeEventListener('pointerdown', retry, true);
        document.removeEventListener('keydown', retry, true);
      };
      this.#context.addEventListener('statechange', onState);
      document.addEventListener('pointerdown', retry, true);
      document.addEventListener('keydown', retry, true);
      signal.addEventListener('abort', cleanup, { once: true });
      retry();
    });
  }

  setInput(track: MediaStreamTrack | null): void {
    if (track === this.#input) return;
    this.#source?.disconnect();
    this.#source = null;
    this.#input = track;
    if (!track) return;
    try {
      this.#source = this.#context.createMediaStreamSource(new MediaStream([track]));
      this.#source.connect(this.#node);
    } catch (error) {
      this.onFailure?.(error);
    }
  }

  close(): void {
    this.#source?.disconnect();
    this.#source = null;
    this.#input = null;
    this.#node.port.postMessage({ type: 'close' });
    this.#node.disconnect();
    this.#output.stop();
    void this.#context.close().catch(() => undefined);
  }
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

function whenReady(node: AudioWorkletNode): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the noise suppressor did not start')), READY_TIMEOUT_MS);
    node.port.onmessage = (event: MessageEvent<NoiseProcessorMessage>) => {
      clearTimeout(timer);
      if (event.data.type === 'ready') resolve();
      else reject(new Error(event.data.reason));
    };
    // A processor whose constructor throws reports here, not on the port (Web Audio §1.32.4.1).
    node.onprocessorerror = () => {
      clearTimeout(timer);
      reject(new Error('the noise suppressor failed to start'));
    };
  });
}
