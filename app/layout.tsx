import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/latin-600.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ClientIntlProvider } from '@/app/_components/intl-provider';
import { TrpcProviders } from '@/app/_trpc/react';
import { getLocale } from '@/app/i18n/server';

export const metadata: Metadata = {
  title: { default: 'สารบรรณ — ระบบสารบรรณอิเล็กทรอนิกส์', template: '%s · สารบรรณ' },
  description: 'ระบบสารบรรณอิเล็กทรอนิกส์สำหรับส่วนราชการ',
  icons: { icon: '/garuda.svg' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <ClientIntlProvider locale={locale}>
          <TrpcProviders>{children}</TrpcProviders>
        </ClientIntlProvider>
      </body>
    </html>
  );
}
