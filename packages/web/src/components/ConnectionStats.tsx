import type { LinkStats } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * The connection panel on a remote tile: what getStats says about the path to this person.
 * `cameraOff`: they turned it off, so no picture comes; getStats keeps the last frame's size.
 */
export function ConnectionStats({ stats, cameraOff = false }: { stats: LinkStats | undefined; cameraOff?: boolean }) {
  const { t } = useI18n();
  const dash = '–';
  const fixed = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? dash : value.toFixed(digits));
  const video = cameraOff ? undefined : stats?.video;
  const rows: Array<[string, string, string]> = [
    ['rtt', t('stats.rtt'), stats?.rttMs != null ? `${fixed(stats.rttMs)} ms` : dash],
    ['loss', t('stats.loss'), stats?.packetLossPercent != null ? `${fixed(stats.packetLossPercent, 1)} %` : dash],
    ['bitrate-in', t('stats.bitrateIn'), stats?.bitrateInKbps != null ? `${fixed(stats.bitrateInKbps)} kbit/s` : dash],
    ['bitrate-out', t('stats.bitrateOut'), stats?.bitrateOutKbps != null ? `${fixed(stats.bitrateOutKbps)} kbit/s` : dash],
    ['resolution', t('stats.resolution'), video ? `${video.width}×${video.height}` : dash],
    ['fps', t('stats.fps'), fixed(video?.fps)],
    ['codec', t('stats.codec'), [video?.codec, stats?.audioCodec].filter(Boolean).join(' / ') || dash],
    ['path', t('stats.path'), stats?.candidateType ? t(`stats.path.${stats.candidateType}`) : dash],
    ['remote-address', t('stats.remoteAddress'), stats?.remoteAddress ?? dash],
  ];
  return (
    <dl className="stats" data-testid="connection-stats" data-candidate-type={stats?.candidateType ?? ''}>
      {rows.map(([key, label, value]) => (
        <div key={key} className="stats__row" data-stat={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
