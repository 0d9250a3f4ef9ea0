'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import { useDigits } from '@/app/_components/digits';

/** On every page, without being asked: letters the viewer sent that did not reach a recipient, until acknowledged. */
export function UndeliveredBanner() {
  const t = useTranslations();
  const trpc = useTRPC();
  const digits = useDigits();
  const list = useQuery(trpc.outgoing.undelivered.queryOptions());
  const count = list.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <div className="banner-alert" role="alert" data-testid="undelivered-banner">
      <span>{t('outgoing.banner', { count: digits(count) })}</span>
      <Link href="/outgoing#undelivered">{t('outgoing.bannerLink')}</Link>
    </div>
  );
}
