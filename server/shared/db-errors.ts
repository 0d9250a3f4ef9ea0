/** True when a PostgreSQL unique constraint (by name) rejected the write; drizzle wraps driver errors in `cause`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some((c) => {
    const e = c as { code?: string; constraint_name?: string } | undefined;
    return e?.code === '23505' && e.constraint_name === constraint;
  });
}
