import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { LocalMedia, type ParleyError, isParleyError, mediaError } from '@parley/client';
import { readStorage, STORAGE_KEYS, writeStorage } from '../storage.js';
import { blockedInputs, type InputRole } from './blockedDevices.js';
import { useNoiseSuppression, type NoiseSuppressionState } from '../noise/useNoiseSuppression.js';
import { useBackground, type BackgroundState } from '../background/useBackground.js';

export type InputKind = 'audioinput' | 'videoinput';

/** A device in use went away mid-call; `replacement` is what is used now (null: nothing). */
export interface DeviceLostNotice {
  id: number;
  kind: InputKind;
  replacement: string | null;
}

export interface LocalMediaState {
  /** One LocalMedia for the whole meeting page, handed to the Room on join. */
  media: LocalMedia;
  /** start() has settled (with or without devices). */
  ready: boolean;
  warnings: ParleyError[];
  /** The inputs the browser refused to this page, from `warnings` (see blockedInputs). */
  blocked: ReadonlySet<InputRole>;
  micEnabled: boolean;
  cameraEnabled: boolean;
  hasVideo: boolean;
  audioDeviceId: string | undefined;
  videoDeviceId: string | undefined;
  /** The speaker remote audio plays on (HTMLMediaElement.setSinkId); undefined = system default. */
  audioOutputId: string | undefined;
  /** Devices that went away and what replaced them, until dismissed. */
  deviceNotices: DeviceLostNotice[];
  /** Bumps whenever the tracks change, so views re-bind `media.stream`. */
  revision: number;
  /** RNNoise on the microphone (on by default, remembered). */
  noiseSuppression: NoiseSuppressionState;
  background: BackgroundState;
  setMicEnabled(on: boolean): void;
  setCameraEnabled(on: boolean): Promise<void>;
  chooseDevice(kind: InputKind, deviceId: string): Promise<void>;
  chooseOutput: (deviceId: string) => void;
  dismissDeviceNotice(id: number): void;
  /** Ask for the devices again, e.g. after the user allowed access or closed the other app. */
  retry: () => void;
  dismissWarnings: () => void;
}

/**
 * Owns the camera and microphone while `active`; releases them (camera light off)
 * when inactive or unmounted. Device choices survive reloads via localStorage.
 */
export function useLocalMedia(active: boolean): LocalMediaState {
  const [media] = useState(() => new LocalMedia());
  const [revision, bump] = useReducer((n: number) => n + 1, 0);
  const [ready, setReady] = useState(false);
  const [warnings, setWarnings] = useState<ParleyError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [audioOutputId, setAudioOutputId] = useState<string | undefined>(() => readDevices().audioOutputId);
  const [deviceNotices, setDeviceNotices] = useState<DeviceLostNotice[]>([]);
  // Whether the camera should be on at the next start(); mic state lives in LocalMedia itself.
  const wantCamera = useRef(true);
  // True while some effect run owns the devices; a start() that settles after its run
  // was cleaned up checks this to decide whether anyone still wants the tracks.
  const owned = useRef(false);

  useEffect(() => {
    let next = 0;
    const onLost = ({ kind, replacement }: { kind: InputKind; replacement: string | null }) => {
      next += 1;
      const id = next;
      setDeviceNotices((list) => [...list.filter((notice) => notice.kind !== kind), { id, kind, replacement }]);
    };
    media.on('tracks-changed', bump);
    media.on('device-lost', onLost);
    return () => {
      media.off('tracks-changed', bump);
      media.off('device-lost', onLost);
    };
  }, [media]);

  useEffect(() => {
    if (!active) return;
    owned.current = true;
    let cancelled = false;
    const { audioDeviceId, videoDeviceId } = readDevices();
    media
      .start({
        ...(audioDeviceId ? { audioDeviceId } : {}),
        ...(videoDeviceId ? { videoDeviceId } : {}),
        video: wantCamera.current,
      })
      .then(({ warnings: found }) => {
        if (cancelled) {
          // Unmounted while the permission prompt was open: do not leave the camera on.
          if (!owned.current) media.stop();
          return;
        }
        setWarnings(found);
        setReady(true);
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          setWarnings([toParleyError(error, 'camera')]);
          setReady(true);
        }
      });
    return () => {
      cancelled = true;
      owned.current = false;
      media.stop();
      // Not ready until the next start() settles, so nobody joins with released devices.
      setReady(false);
    };
  }, [active, media, attempt]);

  const setMicEnabled = useCallback((on: boolean) => media.setMicEnabled(on), [media]);

  const setCameraEnabled = useCallback(
    async (on: boolean) => {
      wantCamera.current = on;
      try {
        await media.setCameraEnabled(on);
        if (on) setWarnings((list) => list.filter((w) => w.details['device'] !== 'camera'));
      } catch (error) {
        setWarnings((list) => [...list, toParleyError(error, 'camera')]);
      }
      bump();
    },
    [media],
  );

  const chooseDevice = useCallback(
    async (kind: InputKind, deviceId: string) => {
      writeDevices({ ...readDevices(), [kind === 'audioinput' ? 'audioDeviceId' : 'videoDeviceId']: deviceId });
      try {
        await media.useDevice(kind, deviceId);
      } catch (error) {
        setWarnings((list) => [...list, toParleyError(error, kind === 'audioinput' ? 'microphone' : 'camera')]);
      }
      bump();
    },
    [media],
  );

  const chooseOutput = useCallback((deviceId: string) => {
    writeDevices({ ...readDevices(), audioOutputId: deviceId });
    setAudioOutputId(deviceId);
  }, []);

  const dismissDeviceNotice = useCallback((id: number) => setDeviceNotices((list) => list.filter((notice) => notice.id !== id)), []);

  const retry = useCallback(() => {
    setWarnings([]);
    setAttempt((n) => n + 1);
  }, []);
  const dismissWarnings = useCallback(() => setWarnings([]), []);
  const blocked = useMemo(() => blockedInputs(warnings), [warnings]);
  const noiseSuppression = useNoiseSuppression(media, active);
  const background = useBackground(media, active);

  const videoTrack = media.videoTrack;
  return {
    media,
    ready,
    warnings,
    blocked,
    micEnabled: media.micEnabled && media.audioTrack !== null,
    cameraEnabled: media.cameraEnabled && videoTrack !== null,
    hasVideo: videoTrack !== null && videoTrack.readyState === 'live',
    audioDeviceId: media.audioDeviceId,
    videoDeviceId: media.videoDeviceId,
    audioOutputId,
    deviceNotices,
    revision,
    noiseSuppression,
    background,
    setMicEnabled,
    setCameraEnabled,
    chooseDevice,
    chooseOutput,
    dismissDeviceNotice,
    retry,
    dismissWarnings,
  };
}

interface SavedDevices {
  audioDeviceId?: string;
  videoDeviceId?: string;
  audioOutputId?: string;
}

function readDevices(): SavedDevices {
  try {
    const parsed: unknown = JSON.parse(readStorage(STORAGE_KEYS.devices) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { audioDeviceId, videoDeviceId, audioOutputId } = parsed as Record<string, unknown>;
    return {
      ...(typeof audioDeviceId === 'string' ? { audioDeviceId } : {}),
      ...(typeof videoDeviceId === 'string' ? { videoDeviceId } : {}),
      ...(typeof audioOutputId === 'string' ? { audioOutputId } : {}),
    };
  } catch {
    return {};
  }
}

function writeDevices(devices: SavedDevices): void {
  writeStorage(STORAGE_KEYS.devices, JSON.stringify(devices));
}

function toParleyError(error: unknown, device: 'camera' | 'microphone'): ParleyError {
  return isParleyError(error) ? error : mediaError(error, device);
}
