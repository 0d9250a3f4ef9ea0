'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';
import { subjectText } from '@/app/_components/classified/subject-text';

/** In-app notifications: the count of unread ones in the top bar, the latest in a panel. Kept current by live updates (live-updates.tsx). */
export function NotificationBell({ thaiDigits }: { thaiDigits: boolean }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const notes = useQuery(trpc.letters.notifications.queryOptions());
  const markAll = useMutation(trpc.letters.markNotificationsRead.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.letters.notifications.queryKey() }),
  }));
  const unread = notes.data?.unread ?? 0;
  const count = thaiDigits && locale === 'th' ? toThaiDigits(String(unread)) : String(unread);
  return (
    <div className="bell">
      {/* Named by the words shown (WCAG 2.5.3), the count and, for screen readers only, what it counts. */}
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('nav.notifications')}{unread > 0 && <> <span className="count" data-testid="unread-count">{count}</span><span className="sr-only"> {t('notifications.unread')}</span></>}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label={t('notifications.title')}>
          {(notes.data?.items.length ?? 0) === 0 ? <p className="muted">{t('notifications.none')}</p> : (
            <ul>
              {notes.data!.items.map((n) => (
                <li key={n.id}>
                  {n.kind === 'export_ready' && n.exportId ? (
                    // A file made for this person: the link downloads it.
                    <a className={n.readAt ? undefined : 'unread'} href={`/api/exports/${n.exportId}`} download onClick={() => setOpen(false)}>
                      {t(`notifications.${n.kind}`)}: {n.title}
                      <div className="muted">{formatDate(n.createdAt, { locale, withTime: true, style: 'short', thaiDigits })}</div>
                    </a>
                  ) : (
                    <Link className={n.readAt ? undefined : 'unread'} href={n.kind === 'disposal' && n.disposalListId ? `/keeping/${n.disposalListId}` : n.kind === 'export_failed' ? '/registers' : !n.letterId ? '/inbox' : n.kind.startsWith('draft_') || n.kind.startsWith('delivery_') ? `/outgoing/${n.letterId}` : `/letters/${n.letterId}`} onClick={() => setOpen(false)}>
                      {t(`notifications.${n.kind}`)}: {subjectText(n.title, t('classified.placeholder'))}
                      <div className="muted">{formatDate(n.createdAt, { locale, withTime: true, style: 'short', thaiDigits })}</div>
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
          {unread > 0 && <button type="button" className="secondary" onClick={() => markAll.mutate()}>{t('notifications.markAllRead')}</button>}
        </div>
      )}
    </div>
  );
}
