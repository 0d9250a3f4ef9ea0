'use client';

import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'use-intl';
import type { ErrorParams, FieldIssue } from '@/core/errors';

type ErrorData = { messageKey?: string; fieldErrors?: Record<string, FieldIssue> | null; params?: ErrorParams | null } | undefined;

/** An error answered by one of the plain HTTP endpoints (uploads, downloads), in the same shape as tRPC's. */
export class EndpointError extends Error {
  constructor(readonly data: ErrorData) {
    super(data?.messageKey ?? 'internal');
  }
}

/** Turns a tRPC error into a Thai (or English) sentence and per-field messages. */
export function useAppError() {
  const t = useTranslations();
  const known = (key: string) => t.has(key as never);

  function fieldMessage(issue: FieldIssue): string {
    if (issue.key && known(`validation.${issue.key}`)) return t(`validation.${issue.key}` as never);
    if (issue.code === 'too_small') {
      if (issue.origin === 'string' && issue.min === 1) return t('validation.required');
      return t(issue.origin === 'array' ? 'validation.too_small_array' : 'validation.too_small_string', { min: issue.min ?? 0 });
    }
    if (issue.code === 'too_big') {
      return t(issue.origin === 'array' ? 'validation.too_big_array' : 'validation.too_big_string', { max: issue.max ?? 0 });
    }
    if (issue.code === 'invalid_format' && issue.format === 'email') return t('validation.email');
    return t('validation.invalid');
  }

  return function describe(error: unknown) {
    if (!error) return { message: null, fields: {} as Record<string, string> };
    const data: ErrorData = error instanceof TRPCClientError ? (error.data as ErrorData)
      : error instanceof EndpointError ? error.data : undefined;
    const key = data?.messageKey ?? (error instanceof TRPCClientError && !error.data ? 'network' : 'internal');
    const fields: Record<string, string> = {};
    for (const [path, issue] of Object.entries(data?.fieldErrors ?? {})) fields[path] = fieldMessage(issue);
    const params = data?.params ?? {};
    const message = known(`errors.${key}`) ? t(`errors.${key}` as never, { kind: params.kind ?? '' } as never) : t('errors.internal');
    // A refusal about one file of several says which ("fake.pdf: the content is not a PDF").
    return { message: params.file ? `${params.file}: ${message}` : message, fields };
  };
}

/** An error kept with a record (a mailbox's last check, a delivery's last try): its message when it is a message key, else as it was given. */
export function useStoredError() {
  const t = useTranslations();
  return (stored: string) => {
    // "key: the other side's own words" (an exchange node's reason): the message, then those words.
    const [, key, detail] = /^([a-z_]+): (.+)$/s.exec(stored) ?? [null, stored, ''];
    if (!t.has(`errors.${key}` as never)) return stored;
    return detail ? `${t(`errors.${key}` as never)} (${detail})` : t(`errors.${key}` as never);
  };
}
