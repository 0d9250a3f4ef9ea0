'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label }: { label: string }) {
  return <button type="button" onClick={() => void signOut({ callbackUrl: '/login?as=operator' })}>{label}</button>;
}
