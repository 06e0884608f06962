import type { RaisedHand, Room } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * The raised hands in the order they went up, in the participants panel: the host lowers anyone's
 * (once they had their turn), everyone their own.
 */
export function RaisedHandsList({
  room,
  hands,
  isHost,
  run,
}: {
  room: Room;
  hands: readonly RaisedHand[];
  isHost: boolean;
  /** Runs a request and shows its refusal in the panel. */
  run: (action: () => Promise<void>) => void;
}) {
  const { t } = useI18n();
  const selfId = room.self?.id;
  const nameOf = (id: string) => (id === selfId ? t('call.you', { name: room.self?.name ?? '' }) : (room.participants.get(id)?.name ?? ''));
  if (hands.length === 0) return null;
  return (
    <section className="people__hands" data-testid="raised-hands" aria-labelledby="raised-hands-title">
      <h3 className="people__subtitle" id="raised-hands-title">
        {t('hands.title')}
      </h3>
      <ol className="people__hand-list">
        {hands.map((hand) => {
          const mine = hand.id === selfId;
          const name = nameOf(hand.id);
          return (
            <li key={hand.id} className="people__hand" data-testid="raised-hand-row" data-participant-id={hand.id}>
              <span className="people__name">{name}</span>
              {mine || isHost ? (
                <button
                  type="button"
                  className="button button--small"
                  data-testid="lower-hand"
                  title={mine ? t('hands.lower') : t('hands.lowerForTitle', { name })}
                  onClick={() => run(() => (mine ? room.hands.lower() : room.moderation.lowerHand(hand.id)))}
                >
                  {t('hands.lowerFor')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
