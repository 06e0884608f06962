import { useEffect, useRef, useState } from 'react';
import { RISING_CHIME_HZ, scheduleChime } from '../hooks/chime.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** What the test sound did: `peakDbfs` is the loudest it played, read off the sound itself. */
interface Played {
  peakDbfs: number;
  sink: string;
}

/**
 * "Play test sound" beside the speaker picker: a short chime on the chosen output
 * (HTMLMediaElement.setSinkId, Audio Output Devices API §2), so a person hears where the call
 * will sound before joining.
 */
export function SpeakerTest({ outputId }: { outputId: string | undefined }) {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);
  const [played, setPlayed] = useState<Played | null>(null);
  const [failed, setFailed] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const play = async () => {
    if (stop.current) return; // already playing
    setPlaying(true);
    setFailed(false);
    const context = new AudioContext();
    const output = context.createMediaStreamDestination();
    const analyser = context.createAnalyser();
    const element = new Audio();
    let peak = -120;
    const samples = new Float32Array(analyser.fftSize);
    const watch = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      for (const sample of samples) peak = Math.max(peak, 20 * Math.log10(Math.abs(sample) + 1e-12));
    }, 20);
    const finish = () => {
      clearInterval(watch);
      element.pause();
      element.srcObject = null;
      void context.close();
      stop.current = null;
    };
    stop.current = finish;
    try {
      const seconds = scheduleChime(context, [output, analyser], RISING_CHIME_HZ);
      element.srcObject = output.stream;
      if (outputId && 'setSinkId' in element) await element.setSinkId(outputId);
      await element.play();
      await new Promise((resolve) => setTimeout(resolve, (seconds + 0.15) * 1000));
      setPlayed({ peakDbfs: Math.round(peak), sink: outputId ?? '' });
    } catch (error) {
      console.warn('[parley] the test sound did not play', error);
      setFailed(true);
    } finally {
      finish();
      setPlaying(false);
    }
  };

  return (
    <button
      type="button"
      className="button button--small"
      data-testid="speaker-test"
      data-state={playing ? 'playing' : failed ? 'failed' : played ? 'played' : 'idle'}
      data-peak-dbfs={played?.peakDbfs}
      data-sink={played?.sink}
      title={t('devices.testTitle')}
      onClick={() => void play()}
    >
      {playing ? t('devices.testPlaying') : failed ? t('devices.testFailed') : t('devices.test')}
    </button>
  );
}
