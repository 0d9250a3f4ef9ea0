import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPdf } from '@/server/documents/typst';
import { addPerson, createAgency, sessionCookie } from './factories';
import type { CrashScenario } from './work-child';

/**
 * Two agencies for officers at work (tests/integration/work-child.ts): at the sender a clerk, a chief who
 * signs and a registry officer; at the receiver a registry officer; and in `dir` a born-digital letter (its
 * text read from the PDF) and a scan of it (read by OCR).
 */
export async function setUpWorkScenario(dir: string, scanDpi = 150) {
  const a = await createAgency('กรมต้นทาง');
  const b = await createAgency('กรมปลายทาง');
  const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
  const aRegistry = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const bRegistry = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
  const page = '#set page(width: 148mm, height: 70mm, margin: 1cm)\n#set text(font: "Sarabun", size: 16pt, lang: "th")\nที่ มท ๐๘๐๘.๒/ว ๑๒๓๔ เรื่อง ขอเชิญประชุมคณะกรรมการ';
  const pdf = path.join(dir, 'letter.pdf');
  writeFileSync(pdf, renderPdf(page, {}));
  execFileSync('pdftoppm', ['-png', '-r', String(scanDpi), '-singlefile', pdf, path.join(dir, 'scan')]);
  const scenario: CrashScenario = {
    a: { tenantId: a.tenantId, chiefId: chief.id, clerk: clerk.claims, chief: chief.claims, registry: aRegistry.claims },
    b: { tenantId: b.tenantId, registry: bRegistry.claims, cookie: await sessionCookie(bRegistry.claims) },
    files: { pdf, png: path.join(dir, 'scan.png') },
  };
  return { scenario, a, b };
}
