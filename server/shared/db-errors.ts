/** True when a PostgreSQL unique constraint (by name) rejected the write; drizzle wraps driver errors in `cause`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some((c) => {
    const e = c as { code?: string; constraint_name?: string } | undefined;
    return e?.code === '23505' && e.constraint_name === constraint;
  });
}

/** The message key a database trigger refused with (`RAISE ... MESSAGE = 'refused:<key>'`), if it is one of `keys`. */
export function refusedBy<K extends string>(error: unknown, keys: readonly K[]): K | null {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  for (const c of candidates) {
    const message = (c as { message?: string } | undefined)?.message ?? '';
    const key = keys.find((k) => message === `refused:${k}`);
    if (key) return key;
  }
  return null;
}
