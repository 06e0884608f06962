import type { ParleyError } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

/** Why the media path to someone cannot be set up (through TURN, or without it), in words an admin can act on. */
export function IceProblemBanner({ problem, waiting }: { problem: ParleyError | null; waiting: boolean }) {
  const { t } = useI18n();
  if (!problem || !waiting) return null;
  const text =
    problem.code === 'turn-credentials-rejected'
      ? t('call.turnRejected')
      : problem.code === 'relay-needed'
        ? t('call.relayNeeded')
        : t('call.turnUnreachable');
  return (
    <div
      className="banner banner--error"
      role="alert"
      data-testid="ice-problem"
      data-code={problem.code}
      data-status={String(problem.details['status'] ?? '')}
      title={problem.message}
    >
      <span className="banner__text">{text}</span>
    </div>
  );
}
