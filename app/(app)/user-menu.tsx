'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';

/**
 * The person's menu in the top bar: their name opens it (who they are, the unit they act for,
 * their account, language, help, sign out). Escape, a click elsewhere or a new page closes it.
 */
export function UserMenu({ name, children }: { name: string; children: ReactNode }) {
  const t = useTranslations();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (openedAt !== pathname) {
    setOpenedAt(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={box}>
      <button ref={button} type="button" className="user-button" aria-expanded={open} aria-controls="user-menu-panel" onClick={() => setOpen(!open)}>
        <span className="user-name">{name}</span><span className="sr-only"> — {t('nav.userMenu')}</span> <span aria-hidden="true">▾</span>
      </button>
      {open && <div id="user-menu-panel" className="user-panel" role="group" aria-label={t('nav.userMenu')}>{children}</div>}
    </div>
  );
}
