/**
 * The noise suppressor's audio thread: an AudioWorkletProcessor (Web Audio §1.32) running RNNoise
 * on the microphone. It is loaded with audioWorklet.addModule(), so it sees only the worklet
 * global scope: no fetch and no DOM. The page hands it the .wasm bytes in processorOptions.
 */
import { Denoiser, FrameRebuffer, SpeechLevel } from '@parley/client/noise';
import { NOISE_PROCESSOR_NAME, type NoiseProcessorMessage, type NoiseProcessorOptions } from './noiseProcessorProtocol.js';

// The worklet global scope (Web Audio §1.32.3), which TypeScript's DOM library does not describe.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: unknown });
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions?: unknown }) => AudioWorkletProcessor): void;

class NoiseProcessor extends AudioWorkletProcessor {
  #rebuffer: FrameRebuffer | null = null;
  #denoiser: Denoiser | null = null;
  #closed = false;

  constructor(options: { processorOptions?: unknown }) {
    super(options);
    const { wasm } = options.processorOptions as NoiseProcessorOptions;
    Denoiser.load(wasm)
      .then((denoiser) => {
        if (this.#closed) {
          denoiser.destroy();
          return;
        }
        this.#denoiser = denoiser;
        const level = new SpeechLevel();
        this.#rebuffer = new FrameRebuffer(denoiser.frameSize, (frame) => {
          denoiser.process(frame);
          level.apply(frame, denoiser.voiceProbability);
        });
        this.#post({ type: 'ready', latencySamples: denoiser.frameSize });
      })
      .catch((error: unknown) => this.#post({ type: 'failed', reason: String(error) }));
    this.port.onmessage = (event: MessageEvent<{ type: 'close' }>) => {
      if (event.data.type !== 'close') return;
      this.#closed = true;
      this.#denoiser?.destroy();
      this.#denoiser = null;
      this.#rebuffer = null;
    };
  }

  /**
   * One render quantum. Mono: the microphone's first channel, the result to every output channel.
   * Until RNNoise is ready the output is silent; the page sends this output only after 'ready'.
   * Returns whether to keep the processor alive (Web Audio §1.32.4.2): until the page closes it.
   */
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const first = output?.[0];
    if (!output || !first) return !this.#closed;
    const input = inputs[0]?.[0];
    if (this.#rebuffer && input) this.#rebuffer.push(input, first);
    else first.fill(0);
    for (let channel = 1; channel < output.length; channel++) output[channel]?.set(first);
    return !this.#closed;
  }

  #post(message: NoiseProcessorMessage): void {
    this.port.postMessage(message);
  }
}

registerProcessor(NOISE_PROCESSOR_NAME, NoiseProcessor);
