import { TRPCError } from '@trpc/server';

/**
 * Message keys the UI translates (app/i18n/messages: errors.<key>). A record of
 * another agency is `not_found`, exactly like a missing one, so existence never leaks.
 */
export const errorKeys = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unauthorized: 'UNAUTHORIZED',
  session_expired: 'UNAUTHORIZED',
  invalid_input: 'BAD_REQUEST',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  username_taken: 'CONFLICT',
  agency_code_taken: 'CONFLICT',
  wrong_password: 'UNAUTHORIZED',
  too_many_attempts: 'TOO_MANY_REQUESTS',
  unit_move_invalid: 'BAD_REQUEST',
  not_a_member: 'BAD_REQUEST',
  cannot_disable_self: 'BAD_REQUEST',
  last_admin: 'BAD_REQUEST',
  top_secret_refused: 'BAD_REQUEST',
  clearance_required: 'FORBIDDEN',
  date_in_future: 'BAD_REQUEST',
  already_registered: 'CONFLICT',
  not_in_your_unit: 'FORBIDDEN',
  already_cancelled: 'CONFLICT',
  file_too_large: 'PAYLOAD_TOO_LARGE',
  too_many_files: 'PAYLOAD_TOO_LARGE',
  file_empty: 'BAD_REQUEST',
  file_type_unsupported: 'UNSUPPORTED_MEDIA_TYPE',
  file_type_mismatch: 'UNSUPPORTED_MEDIA_TYPE',
  pdf_encrypted: 'BAD_REQUEST',
  pdf_corrupt: 'BAD_REQUEST',
  upload_failed: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<string, TRPCError['code']>;

export type ErrorKey = keyof typeof errorKeys;

export class AppError extends TRPCError {
  readonly key: ErrorKey;
  constructor(key: ErrorKey, message?: string) {
    super({ code: errorKeys[key], message: message ?? key });
    this.key = key;
  }
}
