import type { LinkQuality } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

const BARS: Record<LinkQuality, number> = { good: 3, fair: 2, poor: 1, unknown: 0 };

/** Three signal bars on a tile: how good the connection to this person is (RTT and loss). */
export function QualityIndicator({ quality }: { quality: LinkQuality }) {
  const { t } = useI18n();
  const label = t(`quality.${quality}`);
  const lit = BARS[quality];
  return (
    <span
      className={`quality quality--${quality}`}
      role="img"
      aria-label={label}
      title={label}
      data-testid="quality-indicator"
      data-quality={quality}
    >
      {[1, 2, 3].map((bar) => (
        <span key={bar} className={bar <= lit ? 'quality__bar quality__bar--lit' : 'quality__bar'} style={{ height: `${bar * 4 + 2}px` }} />
      ))}
    </span>
  );
}
