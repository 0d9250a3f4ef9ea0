import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { password } from '@/server/shared/fields';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-rules';

let checker: ZxcvbnFactory | undefined;

/**
 * Whether a new password is hard enough to guess (ASVS 6.2): zxcvbn-ts, with the common-
 * password lists of breached passwords it ships (language-common) and English words,
 * must rate it at least 3 of 4 (about 10⁸ guesses). That refuses the well-known and
 * breached passwords (`password123`, `1234567890`), repeats and keyboard rows
 * (`aaaaaaaaaa`, `qwertyuiop`), and a password made of the person's own names.
 */
export function isStrongPassword(candidate: string, personal: readonly string[] = []) {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker.check(candidate, personal.filter(Boolean).map((s) => s.toLowerCase())).score >= 3;
}

/** A password being set (new person, reset, own change): the length rules, then (only if they hold) not guessable. */
export const newPassword = password.refine((p) => p.length < PASSWORD_MIN || p.length > PASSWORD_MAX || isStrongPassword(p), { message: 'password_too_common' });
