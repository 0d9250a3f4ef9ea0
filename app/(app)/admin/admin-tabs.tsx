'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function AdminTabs({ label, tabs }: { label: string; tabs: Array<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav className="subnav" aria-label={label}>
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={pathname.startsWith(tab.href) ? 'page' : undefined}>{tab.label}</Link>
      ))}
    </nav>
  );
}
