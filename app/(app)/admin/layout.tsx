import type { ReactNode } from 'react';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { AdminTabs } from './admin-tabs';
import { MailServiceNotice } from './mail-service-notice';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('admin')) return <Forbidden permission="admin" />;
  return (
    <>
      <AdminTabs
        label={t('admin.title')}
        tabs={[
          { href: '/admin/people', label: t('admin.people') },
          { href: '/admin/units', label: t('admin.units') },
          { href: '/admin/settings', label: t('admin.settings') },
          { href: '/admin/mail', label: t('admin.mail') },
          { href: '/admin/exchange', label: t('admin.exchange') },
          { href: '/admin/signing', label: t('admin.signing') },
          { href: '/admin/audit', label: t('admin.audit') },
        ]}
      />
      <MailServiceNotice thaiDigits={me.agency.settings.thaiDigits} />
      {children}
    </>
  );
}
