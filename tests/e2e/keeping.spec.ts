import { expect, test, type Page } from '@playwright/test';
import { fitsPhone, ownerSql, scanPdf, seriousViolations, shot, signIn, signOut } from './helpers';

const thai = (n: number | string) => String(n).replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!);
const todayBe = () => {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date()).split('-').map(Number) as [number, number, number];
  return { year: y + 543, text: `${d}/${m}/${y + 543}` };
};

/** Signed in, once the menu is shown. */
async function signInAs(page: Page, username: string) {
  await signIn(page, 'dla', username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
}

async function recordAndRegister(page: Page, subject: string, number: string) {
  await page.goto('/inbox');
  await page.getByLabel('ที่', { exact: true }).fill(number);
  await page.getByLabel('ลงวันที่').fill('1/12/2569');
  await page.getByLabel('จาก', { exact: true }).fill('กรมบัญชีกลาง');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมส่งเสริมการปกครองท้องถิ่น');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'หนังสือ.pdf', mimeType: 'application/pdf', buffer: await scanPdf() });
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
  await page.getByRole('button', { name: `ลงรับ ${subject}` }).click();
  await expect(page.getByRole('link', { name: 'เปิดหนังสือเพื่อส่งต่อ' })).toBeVisible();
}

test('the yearly disposal list from preparation to destruction: prepared by the registry, its committee appointed by the head, decided line by line, reviewed, destroyed', async ({ page }) => {
  test.setTimeout(180_000);
  const doomed = 'แจ้งกำหนดการตรวจพัสดุประจำปี (หนังสือเก่าที่ครบอายุ)';
  const kept = 'ขอความอนุเคราะห์ข้อมูลงบประมาณ (หนังสือเก่าที่ยังต้องใช้)';
  await signInAs(page, 'registry');
  await recordAndRegister(page, doomed, 'กค ๐๔๐๒.๒/ว ๑๑');
  await recordAndRegister(page, kept, 'กค ๐๔๐๒.๒/ว ๑๒');
  // As if they had come in ten years before last year: kept ten years, due by last 31 December.
  const { year } = todayBe();
  const sql = ownerSql();
  try {
    await sql`update letter_keeping k set kept_from = ${`${year - 543 - 11}-06-01`}::date, keep_until = ${`${year - 543 - 1}-12-31`}::date
      from letters l, tenants t where l.tenant_id = k.tenant_id and l.id = k.letter_id and t.id = l.tenant_id and t.code = 'dla' and l.subject in (${doomed}, ${kept})`;
  } finally {
    await sql.end();
  }

  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'เก็บรักษาและทำลาย' }).click();
  await expect(page.getByRole('heading', { name: 'การเก็บรักษาและทำลายหนังสือ' })).toBeVisible();
  const prepare = page.getByRole('form', { name: 'จัดทำบัญชีหนังสือขอทำลาย' });
  // This year has not ended: refused with the reason.
  await prepare.getByLabel('ปี พ.ศ.').fill(String(year));
  await prepare.getByRole('button', { name: 'จัดทำบัญชีหนังสือขอทำลาย' }).click();
  await expect(page.getByText('ปีนี้ยังไม่สิ้นปีปฏิทิน')).toBeVisible();
  await prepare.getByLabel('ปี พ.ศ.').fill(thai(year - 1));
  await prepare.getByRole('button', { name: 'จัดทำบัญชีหนังสือขอทำลาย' }).click();
  const title = `บัญชีหนังสือขอทำลาย ประจำปี พ.ศ. ${thai(year - 1)}`;
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'รอแต่งตั้งคณะกรรมการ' })).toBeVisible();
  const lines = page.getByTestId('disposal-lines');
  await expect(lines.getByRole('row')).toHaveCount(3);
  await expect(lines).toContainText(doomed);
  await expect(page.getByRole('link', { name: 'ดาวน์โหลดบัญชี (PDF)' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'keeping-1-prepared');
  await signOut(page);

  // The head appoints a committee: fewer than three is refused.
  await signInAs(page, 'director');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'เก็บรักษาและทำลาย' }).click();
  await page.getByRole('link', { name: title }).click();
  const appoint = page.getByRole('form', { name: 'แต่งตั้งคณะกรรมการ' });
  await appoint.getByLabel('ประธานกรรมการ').selectOption({ label: 'นายประยูร ท้องถิ่นไทย (อธิบดีกรมส่งเสริมการปกครองท้องถิ่น)' });
  await appoint.getByLabel('นางวันเพ็ญ รักงาน').check();
  await appoint.getByRole('button', { name: 'แต่งตั้งคณะกรรมการ' }).click();
  await expect(page.getByText('คณะกรรมการทำลายหนังสือต้องมีอย่างน้อย ๓ คน')).toBeVisible();
  await appoint.getByLabel('นายธนากร มุ่งมั่น').check();
  await appoint.getByRole('button', { name: 'แต่งตั้งคณะกรรมการ' }).click();
  await expect(page.getByRole('heading', { name: 'คณะกรรมการกำลังพิจารณา' })).toBeVisible();
  await signOut(page);

  // A member decides: destroy one, keep the other longer with a reason.
  await signInAs(page, 'staff');
  await page.getByRole('button', { name: /การแจ้งเตือน/ }).click();
  await page.getByRole('dialog', { name: 'การแจ้งเตือน' }).getByRole('link', { name: /บัญชีหนังสือขอทำลาย/ }).first().click();
  const keptRow = page.getByTestId('disposal-lines').getByRole('row').filter({ hasText: kept });
  await keptRow.getByRole('button', { name: /^เก็บไว้/ }).click();
  await keptRow.getByLabel('เก็บไว้ถึงวันที่').fill(`31/12/${year + 2}`);
  await keptRow.getByLabel('เหตุผล').fill('ยังใช้อ้างอิงการตั้งงบประมาณ');
  await keptRow.getByRole('button', { name: 'บันทึก' }).click();
  await expect(keptRow).toContainText(`เก็บไว้ถึง`);
  await page.getByRole('button', { name: 'มีมติให้ทำลายทุกรายการที่ยังไม่พิจารณา' }).click();
  await expect(page.getByRole('heading', { name: 'พิจารณาครบแล้ว รอส่งกองจดหมายเหตุแห่งชาติ' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'keeping-2-decided');
  await signOut(page);

  // The registry sends it, records the review, and destroys.
  await signInAs(page, 'registry');
  await page.goto('/keeping');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('button', { name: 'ทำลายหนังสือตามบัญชี' })).toHaveCount(0);
  await page.getByRole('button', { name: 'บันทึกว่าส่งบัญชีให้กองจดหมายเหตุแห่งชาติแล้ว' }).click();
  const review = page.getByRole('form', { name: 'บันทึกผลการพิจารณาของกองจดหมายเหตุแห่งชาติ' });
  await review.getByLabel('เลขที่หนังสือตอบ').fill('วธ ๐๔๐๔/๑๒๓');
  await review.getByLabel('ลงวันที่').fill('12/10/2020');
  await review.getByRole('button', { name: 'บันทึกผลการพิจารณาของกองจดหมายเหตุแห่งชาติ' }).click();
  await expect(review.getByText('ปีที่กรอกเป็น ค.ศ. กรุณากรอกปี พ.ศ.')).toBeVisible();
  await review.getByLabel('ลงวันที่').fill(todayBe().text);
  await review.getByRole('button', { name: 'บันทึกผลการพิจารณาของกองจดหมายเหตุแห่งชาติ' }).click();
  await page.getByRole('button', { name: 'ทำลายหนังสือตามบัญชี' }).click();
  await page.getByRole('button', { name: 'ยืนยันการทำลาย' }).click();
  await expect(page.getByRole('heading', { name: 'ทำลายเสร็จสิ้น' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('disposal-lines').getByRole('row').filter({ hasText: doomed })).toContainText('ทำลายแล้ว');
  await fitsPhone(page, 'keeping-3-destroyed-phone');

  // The letter keeps its register line; its page says it was destroyed.
  await page.goto('/search');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await expect(page.getByText(doomed)).toBeVisible();
});
