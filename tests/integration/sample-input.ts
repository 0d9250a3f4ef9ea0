import type { z } from 'zod';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** Values for fields whose format a generic string would not satisfy, by field name. */
const byName: Record<string, unknown> = {
  username: 'sample.user', password: 'sample-password-1', currentPassword: 'sample-password-1', newPassword: 'another-password-2',
  code: 'sample-agency', ministryCode: 'นร', host: 'mail.example.go.th', morning: '10:00', afternoon: '15:00', holidays: '2026-12-07',
  month: new Date().toISOString().slice(0, 7),
  // A classified sending's sealing is left out (the probe sends nothing it could open).
  sealed: undefined,
  ownerNumber: '0105', email: '', fromAddress: 'saraban@example.go.th',
  certificatePem: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(120)}\n-----END CERTIFICATE-----`, privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(120)}\n-----END PRIVATE KEY-----`, purpose: 'ทดสอบ', limit: 10,
  letterDate: '2026-11-02', day: '2026-11-02', until: '2026-11-02', date: '2026-11-02',
  // Keeping: a page of holds before a moment, a later keeping day, the National Archives' reply date.
  before: '2026-11-02T00:00:00Z', keepUntil: '2040-12-31', reviewDate: '2026-11-02', keptFrom: '2000-01-01',
  // The exchange's kept items: a page after a moment.
  takenAt: '2026-11-02T00:00:00Z',
  // Search: Buddhist-era dates and a register line as typed.
  from: '1/1/2560', to: '31/12/2570', line: '1', reason: 'ทดสอบการยกเลิก',
  // The current registers' year (what a foreign entry would be found under).
  // Ciphertext and wrapped keys as browsers send them (well-formed base64 that opens for nobody).
  wrapped: 'A'.repeat(112), sealedDetails: 'A'.repeat(80), publicKey: 'A'.repeat(43) + '=', sealedPrivateKey: 'A'.repeat(96), salt: 'A'.repeat(22) + '==',
  opsLimit: 3, memLimit: 64 * 1024 * 1024, contentKey: 'A'.repeat(43) + '=',
  year: new Date().getFullYear(), yearBe: new Date().getFullYear() + 543, number: 1,
};

/**
 * A valid input for any procedure, built from its zod schema, with every id field
 * set to `id`: so a procedure added later is exercised without editing the test.
 */
export function sampleInput(schema: z.ZodType, id: string): unknown {
  const value = sample(schema, id, '');
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`sampleInput cannot build a valid input (${JSON.stringify(parsed.error.issues)}); add a rule to byName`);
  }
  return value;
}

function sample(schema: unknown, id: string, name: string): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return Object.fromEntries(Object.entries(shape).map(([key, s]) => [key, sample(s, id, key)]));
    }
    case 'string':
      if (def.format === 'uuid' || /Id$/.test(name)) return id;
      if (name in byName) return byName[name];
      return 'ตัวอย่าง';
    case 'number':
      return typeof byName[name] === 'number' ? byName[name] : 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries as Record<string, string>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array':
      return [sample(def.element, id, name)];
    case 'record':
      return { [id]: sample(def.valueType, id, name) };
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'nonoptional':
      if (def.type === 'optional' && name in byName && byName[name] === undefined) return undefined;
      return def.type === 'optional' && !/Id$/.test(name) && defOf(def.innerType).type === 'number' ? undefined : sample(def.innerType, id, name);
    case 'union':
      return name in byName ? byName[name] : sample((def.options as unknown[])[0], id, name);
    case 'pipe':
      // A preprocessed field (z.preprocess): its value is what the schema after it takes.
      return sample(defOf(def.in).type === 'transform' ? def.out : def.in, id, name);
    default:
      throw new Error(`sampleInput: no rule for zod type "${def.type}" (field "${name}")`);
  }
}
