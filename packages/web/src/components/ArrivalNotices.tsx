import { useEffect } from 'react';
import type { Arrival } from '../room/CallStore.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useCallStore, useCallView } from '../room/useCallView.js';

const ARRIVAL_TEXT = { joined: 'call.joined', left: 'call.left', hand: 'hands.raisedBy' } as const;

/** How long "X joined" stays up. */
const SHOWN_MS = 4_000;

/** "Bob joined", "Bob left", "Bob raised a hand": small notices in a corner, said by screen readers too (a live region). */
export function ArrivalNotices() {
  const { arrivals } = useCallView();
  return (
    <div className="toast-region toast-region--corner" role="status" data-testid="arrivals">
      {arrivals.map((arrival) => (
        <ArrivalNotice key={arrival.key} arrival={arrival} />
      ))}
    </div>
  );
}

function ArrivalNotice({ arrival }: { arrival: Arrival }) {
  const { t } = useI18n();
  const store = useCallStore();
  useEffect(() => {
    const timer = setTimeout(() => store.dismissArrival(arrival.key), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [arrival.key, store]);
  return (
    <div className="toast toast--small" data-testid="arrival" data-kind={arrival.kind}>
      {t(ARRIVAL_TEXT[arrival.kind], { name: arrival.name })}
    </div>
  );
}
