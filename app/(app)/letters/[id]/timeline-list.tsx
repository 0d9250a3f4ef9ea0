'use client';

import { useTranslations } from 'use-intl';
import { auditLabelKey } from '@/core/audit';

type Event = { id: number; at: Date | string; actorName: string; action: string; data: Record<string, unknown> };

/** What happened to the letter, in order: its audit entries, told as a registry officer would. */
export function TimelineList({ events, format, reveal = (text) => text }: { events: Event[]; format: (d: Date | string) => string; reveal?: (text: string) => string }) {
  const t = useTranslations();
  const detail = (e: Event) => {
    const d = e.data as {
      targets?: Array<{ name?: string; purpose: string }>; text?: string; note?: string; number?: number; to?: string;
      reason?: string; before?: Record<string, string>; after?: Record<string, string>; sealedChanged?: boolean;
    };
    if (e.action === 'letter.corrected' && d.after) {
      const changes = Object.keys(d.after).map((k) => `${d.before?.[k] ?? ''} → ${d.after![k]}`);
      if (d.sealedChanged) changes.push(t('classified.sealedCorrected'));
      return `${changes.join('; ')} (${reveal(d.reason ?? '')})`;
    }
    if (e.action === 'letter.routed' && d.targets) {
      const to = d.targets.map((x) => `${x.name ?? ''} (${x.purpose === 'action' ? t('letter.purposeAction') : t('letter.purposeInformation')})`).join(', ');
      return d.note ? `${to} — “${reveal(d.note)}”` : to;
    }
    if (d.text) return reveal(d.text);
    if (d.to) return d.to;
    return '';
  };
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <time>{format(e.at)}</time>
          <span><strong>{t(`audit.${auditLabelKey(e.action)}` as never)}</strong> · {e.actorName}</span>
          {detail(e) && <div className="muted">{detail(e)}</div>}
        </li>
      ))}
    </ol>
  );
}
