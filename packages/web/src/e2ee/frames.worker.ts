/// <reference lib="webworker" />
import { serveFrameTransforms, type FrameWorkerScope } from '@parley/client/e2ee';

// Every frame this page sends or receives passes through here (RTCRtpScriptTransform), and the
// keys live here only: the page hands over the others' keys and asks for its own to pass on.
serveFrameTransforms(self as unknown as FrameWorkerScope);
