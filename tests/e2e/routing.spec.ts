import { expect, test } from '@playwright/test';
import { scanPdf, shot, signIn, signOut } from './helpers';

const subject = 'ขอความร่วมมือรายงานผลการเบิกจ่ายงบประมาณ ไตรมาสที่ ๔';

test('a registered letter is routed, endorsed, worked on and closed; everyone sees its timeline', async ({ page }) => {
  await signIn(page, 'cgd', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await page.getByLabel('ที่', { exact: true }).fill('นร 0105/ว 456');
  await page.getByLabel('ลงวันที่').fill('21/11/2569');
  await page.getByLabel('จาก', { exact: true }).fill('สำนักงานปลัดสำนักนายกรัฐมนตรี');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ชั้นความเร็ว').selectOption({ label: 'ด่วนมาก' });
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'หนังสือแจ้ง.pdf', mimeType: 'application/pdf', buffer: await scanPdf() });
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
  await page.getByRole('button', { name: `ลงรับ ${subject}` }).click();
  await page.getByRole('link', { name: 'เปิดหนังสือเพื่อส่งต่อ' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.getByTestId('letter-status')).toHaveText('ลงรับแล้ว ยังไม่ได้ส่งต่อ');
  // The receipt stamp is drawn in the background and appears as a new version of the scan.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('ฉบับประทับตรารับ')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const stamped = await page.request.get((await page.getByRole('link', { name: 'หนังสือแจ้ง-ตรารับ.pdf' }).getAttribute('href'))!);
  expect(stamped.headers()['content-type']).toBe('application/pdf');

  // A typo in ที่ is fixed by a recorded correction, with its reason.
  await page.getByRole('button', { name: 'แก้ไขรายละเอียด' }).click();
  const correction = page.getByRole('form', { name: 'แก้ไขรายละเอียด' });
  await correction.getByLabel('ที่', { exact: true }).fill('นร 0105/ว 465');
  await correction.getByRole('button', { name: 'บันทึกการแก้ไข' }).click();
  await expect(correction.getByText('ต้องมีอย่างน้อย 3 ตัวอักษร')).toBeVisible();
  await correction.getByLabel('เหตุผลที่แก้ไข').fill('พิมพ์เลขที่หนังสือสลับหลัก');
  await correction.getByRole('button', { name: 'บันทึกการแก้ไข' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'บันทึกการแก้ไขแล้ว' })).toBeVisible();
  await expect(page.locator('dl.details')).toContainText('นร 0105/ว 465');
  await expect(page.locator('ol.timeline')).toContainText('นร 0105/ว 456 → นร 0105/ว 465 (พิมพ์เลขที่หนังสือสลับหลัก)');

  const form = page.getByRole('form', { name: 'ส่งต่อ' });
  await form.getByLabel('เลือก… 1').selectOption({ label: 'สำนักงานเลขานุการกรม' });
  await form.getByRole('button', { name: '+ ส่งถึง' }).click();
  await form.getByLabel('ส่งถึง 2').selectOption({ label: 'บุคคล' });
  await form.getByLabel('เลือก… 2').selectOption({ label: 'นางสุนันทา บัญชีงาม (อธิบดีกรมบัญชีกลาง)' });
  await form.getByLabel('เพื่อ 2').selectOption({ label: 'ทราบ' });
  await form.getByLabel('ข้อความถึงผู้รับ').fill('โปรดพิจารณาดำเนินการภายในวันที่ ๓๐ พ.ย.');
  await form.getByRole('button', { name: 'ส่งต่อ', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ส่งต่อแล้ว' })).toBeVisible();
  await expect(page.getByTestId('routing-part')).toHaveCount(2);
  await expect(page.getByTestId('letter-status')).toHaveText('อยู่ระหว่างดำเนินการ');
  await shot(page, '21-letter-routed');
  await signOut(page);

  // The unit clerk is told, finds it first in the inbox (new, very urgent), and closes the unit's part.
  await signIn(page, 'cgd', 'clerk');
  await expect(page.getByTestId('unread-count')).toHaveText('๑');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  const row = page.getByTestId('my-letters').getByRole('row', { name: new RegExp(subject) });
  await expect(row).toContainText('ด่วนมาก');
  await expect(row).toContainText('ใหม่');
  await shot(page, '22-inbox-routed');
  await row.getByRole('link', { name: subject }).click();
  await page.getByLabel('สิ่งที่ได้ดำเนินการ').fill('รวบรวมผลการเบิกจ่ายและรายงานแล้ว ตามหนังสือที่ กค 0402/1234');
  await page.getByRole('button', { name: 'บันทึกและปิดงาน' }).click();
  await expect(page.getByText('เสร็จแล้ว: รวบรวมผลการเบิกจ่ายและรายงานแล้ว')).toBeVisible();
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
  await signOut(page);

  // The director endorses (เกษียน) and closes the information part: the letter is done.
  await signIn(page, 'cgd', 'director');
  await page.getByRole('button', { name: /การแจ้งเตือน [๑-๙] รายการใหม่/ }).click();
  await page.getByRole('dialog', { name: 'การแจ้งเตือน' }).getByRole('link', { name: new RegExp(subject) }).click();
  await page.getByLabel('ข้อความเกษียน').fill('ทราบ ขอบคุณสำนักงานเลขานุการกรม');
  await page.getByRole('button', { name: 'เกษียน', exact: true }).click();
  await expect(page.locator('.endorsement-sign')).toContainText('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('สิ่งที่ได้ดำเนินการ').fill('ทราบ');
  await page.getByRole('button', { name: 'บันทึกและปิดงาน' }).click();
  await expect(page.getByTestId('letter-status')).toHaveText('ดำเนินการเสร็จสิ้น');
  const timeline = page.locator('ol.timeline');
  for (const step of ['รับหนังสือเข้าระบบ', 'ลงรับหนังสือ', 'ประทับตรารับบนหนังสือ', 'ส่งต่อหนังสือ', 'ปิดงานส่วนของตน', 'เกษียนหนังสือ', 'ดำเนินการเสร็จสิ้น']) {
    await expect(timeline).toContainText(step);
  }
  await shot(page, '23-letter-closed');
  await signOut(page);

  // The register's การปฏิบัติ column follows the routing.
  await signIn(page, 'cgd', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  const line = page.getByRole('row', { name: new RegExp(subject) });
  await expect(line).toContainText('ส่ง สำนักงานเลขานุการกรม (ดำเนินการ), นางสุนันทา บัญชีงาม (ทราบ); ดำเนินการเสร็จ');
});
