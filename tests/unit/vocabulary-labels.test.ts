import { describe, expect, it } from 'vitest';
import en from '@/app/i18n/messages/en';
import th from '@/app/i18n/messages/th';
import { auditActions, auditLabelKey, auditTargets } from '@/core/audit';
import { errorKeys } from '@/core/errors';
import { outgoingEmailKinds } from '@/core/letters';
import { taskNames } from '@/core/tasks';
import { taskList } from '@/server/jobs/tasks';

const catalogues = { th, en } as const;

function missing(section: Record<string, unknown>, keys: readonly string[]) {
  return keys.filter((k) => typeof section[k] !== 'string' || !(section[k] as string).trim());
}

describe('every word of the vocabulary reaches a person in Thai and English, or has its handler', () => {
  for (const [language, messages] of Object.entries(catalogues)) {
    it(`${language}: every audit action and target has a label`, () => {
      expect(missing(messages.audit, auditActions.map(auditLabelKey))).toEqual([]);
      expect(missing(messages.auditTargets, auditTargets)).toEqual([]);
    });

    it(`${language}: every error key has a message`, () => {
      expect(missing(messages.errors, Object.keys(errorKeys))).toEqual([]);
    });

    it(`${language}: every kind of e-mail in the outbox has a label`, () => {
      expect(missing(messages.outbox.kind, outgoingEmailKinds)).toEqual([]);
    });
  }

  it('every task name has its handler in the worker', () => {
    expect(taskNames.filter((name) => typeof taskList[name] !== 'function')).toEqual([]);
  });
});
