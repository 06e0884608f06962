// The TFLite runtime (XNNPACK, WebAssembly SIMD) that @twilio/video-processors ships beside its
// model: an Emscripten module factory. Only what segmentation.worker.ts uses is declared.
declare module '@twilio/video-processors/dist/build/tflite-simd-1-0-0.js' {
  export interface TFLiteModule {
    readonly HEAPU8: Uint8Array;
    readonly HEAPF32: Float32Array;
    _getModelBufferMemoryOffset(): number;
    /** Returns 0 when the model in the buffer loaded. */
    _loadModel(bytes: number): number;
    _getInputMemoryOffset(): number;
    _getInputWidth(): number;
    _getInputHeight(): number;
    _getInputChannelCount(): number;
    _getOutputMemoryOffset(): number;
    _getOutputWidth(): number;
    _getOutputHeight(): number;
    _getOutputChannelCount(): number;
    _runInference(): number;
  }
  const createTFLiteModule: (overrides?: { wasmBinary?: ArrayBuffer; locateFile?: (file: string) => string }) => Promise<TFLiteModule>;
  export default createTFLiteModule;
}
