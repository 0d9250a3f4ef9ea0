import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';

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
  password_change_required: 'FORBIDDEN',
  too_many_attempts: 'TOO_MANY_REQUESTS',
  unit_move_invalid: 'BAD_REQUEST',
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
  file_extension_mismatch: 'UNSUPPORTED_MEDIA_TYPE',
  pdf_encrypted: 'BAD_REQUEST',
  pdf_corrupt: 'BAD_REQUEST',
  image_corrupt: 'BAD_REQUEST',
  file_too_many_pages: 'BAD_REQUEST',
  file_page_too_large: 'BAD_REQUEST',
  upload_failed: 'INTERNAL_SERVER_ERROR',
  webhook_signature_invalid: 'UNAUTHORIZED',
  mail_host_not_allowed: 'BAD_REQUEST',
  not_registered: 'CONFLICT',
  not_waiting: 'CONFLICT',
  not_reserved: 'CONFLICT',
  unit_invalid: 'BAD_REQUEST',
  route_person_disabled: 'BAD_REQUEST',
  route_person_not_cleared: 'BAD_REQUEST',
  part_already_closed: 'CONFLICT',
  signed_letter_locked: 'CONFLICT',
  draft_not_editable: 'FORBIDDEN',
  draft_changed: 'CONFLICT',
  no_recipients: 'BAD_REQUEST',
  reviewer_unavailable: 'BAD_REQUEST',
  signer_without_right: 'FORBIDDEN',
  not_your_step: 'FORBIDDEN',
  reason_required: 'BAD_REQUEST',
  already_signed: 'CONFLICT',
  already_sent: 'CONFLICT',
  not_signed: 'CONFLICT',
  classified_email_refused: 'BAD_REQUEST',
  recipient_not_found: 'BAD_REQUEST',
  recipient_disabled: 'BAD_REQUEST',
  recipient_is_self: 'BAD_REQUEST',
  letter_superseded: 'CONFLICT',
  certificate_invalid: 'BAD_REQUEST',
  certificate_expired: 'BAD_REQUEST',
  certificate_key_mismatch: 'BAD_REQUEST',
  server_busy: 'SERVICE_UNAVAILABLE',
  register_pdf_too_long: 'BAD_REQUEST',
  database_unavailable: 'SERVICE_UNAVAILABLE',
  storage_unavailable: 'SERVICE_UNAVAILABLE',
  too_many_requests: 'TOO_MANY_REQUESTS',
  clearance_approver_invalid: 'FORBIDDEN',
  clearance_already_decided: 'CONFLICT',
  clearance_needs_approval: 'FORBIDDEN',
  cross_site_request: 'FORBIDDEN',
  length_required: 'BAD_REQUEST',
  password_too_common: 'BAD_REQUEST',
  mail_connection_failed: 'BAD_REQUEST',
  mail_unavailable: 'SERVICE_UNAVAILABLE',
  classified_not_appointed: 'FORBIDDEN',
  classified_recovery_forbidden: 'FORBIDDEN',
  classified_recovery_key_missing: 'CONFLICT',
  classified_key_missing: 'BAD_REQUEST',
  classified_key_unknown: 'BAD_REQUEST',
  classified_no_key_for_you: 'FORBIDDEN',
  classified_route_unit_refused: 'BAD_REQUEST',
  classified_sealed_required: 'BAD_REQUEST',
  classified_secrecy_change_refused: 'FORBIDDEN',
  recipient_classified_unready: 'CONFLICT',
  search_needs_criterion: 'BAD_REQUEST',
  search_no_words: 'BAD_REQUEST',
  search_query_too_long: 'BAD_REQUEST',
  search_dates_inverted: 'BAD_REQUEST',
  search_date_christian: 'BAD_REQUEST',
  search_date_invalid: 'BAD_REQUEST',
  search_line_invalid: 'BAD_REQUEST',
  backup_directory_invalid: 'BAD_REQUEST',
  letter_held: 'CONFLICT',
  letter_not_held: 'CONFLICT',
  letter_destroyed: 'CONFLICT',
  not_a_record: 'BAD_REQUEST',
  on_disposal_list: 'CONFLICT',
  disposal_year_not_ended: 'BAD_REQUEST',
  disposal_list_exists: 'CONFLICT',
  disposal_wrong_step: 'CONFLICT',
  disposal_not_reviewed: 'CONFLICT',
  disposal_line_decided: 'CONFLICT',
  disposal_line_invalid: 'BAD_REQUEST',
  committee_too_small: 'BAD_REQUEST',
  committee_chair: 'BAD_REQUEST',
  committee_duplicate: 'BAD_REQUEST',
  committee_person_invalid: 'BAD_REQUEST',
  keep_until_too_early: 'BAD_REQUEST',
  import_register_missing: 'BAD_REQUEST',
  import_register_format: 'BAD_REQUEST',
  import_zip_unreadable: 'BAD_REQUEST',
  import_zip_unsafe_path: 'BAD_REQUEST',
  import_zip_bomb: 'BAD_REQUEST',
  import_sheet_unreadable: 'BAD_REQUEST',
  import_sheet_empty: 'BAD_REQUEST',
  import_too_many_rows: 'BAD_REQUEST',
  import_mapping_invalid: 'BAD_REQUEST',
  import_mapping_incomplete: 'BAD_REQUEST',
  import_running: 'CONFLICT',
  import_field_missing: 'BAD_REQUEST',
  import_number_invalid: 'BAD_REQUEST',
  import_date_christian: 'BAD_REQUEST',
  import_date_invalid: 'BAD_REQUEST',
  import_field_too_long: 'BAD_REQUEST',
  import_file_missing: 'BAD_REQUEST',
  import_number_duplicate: 'BAD_REQUEST',
  import_number_taken: 'BAD_REQUEST',
  classified_exchange_refused: 'BAD_REQUEST',
  exchange_not_set_up: 'BAD_REQUEST',
  exchange_host_not_allowed: 'BAD_REQUEST',
  exchange_password_required: 'BAD_REQUEST',
  exchange_org_id_format: 'BAD_REQUEST',
  exchange_unreachable: 'SERVICE_UNAVAILABLE',
  exchange_timeout: 'SERVICE_UNAVAILABLE',
  exchange_server_error: 'SERVICE_UNAVAILABLE',
  exchange_auth_failed: 'BAD_REQUEST',
  exchange_refused: 'BAD_REQUEST',
  exchange_response_too_large: 'BAD_REQUEST',
  exchange_answer_unreadable: 'SERVICE_UNAVAILABLE',
  exchange_not_withdrawable: 'CONFLICT',
  exchange_not_resendable: 'CONFLICT',
  exchange_xml_malformed: 'BAD_REQUEST',
  exchange_xml_dtd: 'BAD_REQUEST',
  exchange_message_incomplete: 'BAD_REQUEST',
  exchange_base64_invalid: 'BAD_REQUEST',
  exchange_signature_invalid: 'BAD_REQUEST',
  exchange_mime_mismatch: 'BAD_REQUEST',
  exchange_wrong_receiver: 'BAD_REQUEST',
  exchange_classified_received: 'BAD_REQUEST',
  exchange_invalid: 'BAD_REQUEST',
  exchange_take_failed: 'INTERNAL_SERVER_ERROR',
  exchange_arrival_still_trying: 'CONFLICT',
} as const satisfies Record<string, TRPCError['code']>;

export type ErrorKey = keyof typeof errorKeys;

/** What a message names (the file refused, the kind it should have been), never internals. */
export type ErrorParams = { file?: string; kind?: string; letter?: string };

export class AppError extends TRPCError {
  readonly key: ErrorKey;
  readonly params: ErrorParams | undefined;
  constructor(key: ErrorKey, message?: string, params?: ErrorParams) {
    super({ code: errorKeys[key], message: message ?? key });
    this.key = key;
    this.params = params;
  }

  /** The same refusal, naming the file it is about. */
  about(file: string) {
    return new AppError(this.key, this.message, { ...this.params, file });
  }
}

export type FieldIssue = { code: string; key?: string; min?: number; max?: number; format?: string; origin?: string };

/** First issue per field path, as data the UI translates (app/i18n: validation.*). */
export function flattenIssues(error: ZodError): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    if (out[path]) continue;
    const i = issue as typeof issue & { minimum?: number | bigint; maximum?: number | bigint; format?: string; origin?: string };
    out[path] = {
      code: issue.code,
      key: /^[a-z_]+$/.test(issue.message) ? issue.message : undefined,
      min: i.minimum === undefined ? undefined : Number(i.minimum),
      max: i.maximum === undefined ? undefined : Number(i.maximum),
      format: i.format,
      origin: i.origin,
    };
  }
  return out;
}

const codeKeys: Partial<Record<string, ErrorKey>> = {
  NOT_FOUND: 'not_found', FORBIDDEN: 'forbidden', UNAUTHORIZED: 'unauthorized',
  BAD_REQUEST: 'invalid_input', PAYLOAD_TOO_LARGE: 'payload_too_large',
};

/**
 * What any endpoint tells the browser about a failed procedure: the message key the
 * UI translates, the field issues of invalid input, and the HTTP status. Never internals.
 */
export function errorDetails(error: TRPCError) {
  const zod = error.cause instanceof ZodError ? error.cause : null;
  const messageKey: ErrorKey | 'internal' = error instanceof AppError ? error.key
    : zod ? 'invalid_input'
    : codeKeys[error.code] ?? 'internal';
  const params = error instanceof AppError ? error.params ?? null : null;
  return { messageKey, fieldErrors: zod ? flattenIssues(zod) : null, params, status: getHTTPStatusCodeFromError(error) };
}
