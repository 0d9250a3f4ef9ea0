'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label, callbackUrl }: { label: string; callbackUrl: string }) {
  return <button type="button" onClick={() => void signOut({ callbackUrl })}>{label}</button>;
}
