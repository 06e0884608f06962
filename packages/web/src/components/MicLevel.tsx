import { useEffect, useState } from 'react';
import { AudioLevelMeter } from '../hooks/audioLevel.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useI18n } from '../i18n/I18nProvider.js';

const BARS = 5;
const READ_EVERY_MS = 100;
/** -60 dBFS (a quiet room) shows no bar, -20 dBFS (a raised voice) all five. */
const FLOOR_DBFS = -60;
const DBFS_PER_BAR = 8;

/**
 * "Is my microphone working?": five bars that move with the microphone, beside its picker. It
 * shows what others would hear: nothing while muted. Re-renders only when a bar lights or goes out.
 */
export function MicLevel({ local }: { local: LocalMediaState }) {
  const { t } = useI18n();
  const [bars, setBars] = useState(0);
  const track = local.media.audioTrack;
  const listen = local.micEnabled && track !== null && track.readyState === 'live';
  useEffect(() => {
    if (!listen || !track) {
      setBars(0);
      return;
    }
    const meter = new AudioLevelMeter(track);
    const timer = setInterval(() => {
      setBars(Math.max(0, Math.min(BARS, Math.round((meter.dbfs() - FLOOR_DBFS) / DBFS_PER_BAR))));
    }, READ_EVERY_MS);
    return () => {
      clearInterval(timer);
      meter.close();
    };
  }, [listen, track]);
  return (
    <div
      className="mic-level"
      role="meter"
      aria-label={t('devices.micLevel')}
      aria-valuemin={0}
      aria-valuemax={BARS}
      aria-valuenow={bars}
      data-testid="mic-level"
      data-bars={bars}
      data-muted={!local.micEnabled}
      title={local.micEnabled ? t('devices.micLevel') : t('call.muted')}
    >
      {Array.from({ length: BARS }, (_, index) => (
        <span key={index} className={index < bars ? 'mic-level__bar mic-level__bar--on' : 'mic-level__bar'} />
      ))}
    </div>
  );
}
