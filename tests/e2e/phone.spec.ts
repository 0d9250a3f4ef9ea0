import { expect, test, type Locator, type Page } from '@playwright/test';
import { scanPdf, shot, signIn, signOut } from './helpers';

const subject = 'ขอเชิญเข้าร่วมอบรมการใช้ระบบสารบรรณอิเล็กทรอนิกส์บนโทรศัพท์';

/** A tap of the thumb: the button is at least 44 px tall (WCAG 2.5.5's target size) and, brought into view (a table scrolls in its frame), fits the screen. */
async function tap(target: Locator) {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  expect(box.height, await target.innerText()).toBeGreaterThanOrEqual(44);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await target.click();
}

async function openMenu(page: Page, area: string) {
  await tap(page.getByRole('button', { name: 'เมนู', exact: true }));
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: area }).click();
}

test('on a phone, a letter is recorded, registered and routed by the registry, and endorsed and closed by the head, with the thumb', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'opm', 'registry');
  await openMenu(page, 'หนังสือเข้า');
  await page.getByLabel('ที่', { exact: true }).fill('มท ๐๘๐๘.๒/ว ๒๒๑');
  await page.getByLabel('ลงวันที่').fill('1/12/2569');
  await page.getByLabel('จาก', { exact: true }).fill('กรมส่งเสริมการปกครองท้องถิ่น');
  await page.getByLabel('ถึง', { exact: true }).fill('ปลัดสำนักนายกรัฐมนตรี');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'หนังสือเชิญ.pdf', mimeType: 'application/pdf', buffer: await scanPdf() });
  await tap(page.getByRole('button', { name: 'บันทึกเข้าระบบ' }));
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
  await tap(page.getByRole('button', { name: `ลงรับ ${subject}` }));
  await page.getByRole('link', { name: 'เปิดหนังสือเพื่อส่งต่อ' }).click();
  await expect(page.getByTestId('letter-status')).toHaveText('ลงรับแล้ว ยังไม่ได้ส่งต่อ');

  const form = page.getByRole('form', { name: 'ส่งต่อ' });
  await form.getByLabel('ส่งถึง 1').selectOption({ label: 'บุคคล' });
  await form.getByLabel('เลือก… 1').selectOption({ label: 'นายวิชัย ศรีสง่า (ปลัดสำนักนายกรัฐมนตรี)' });
  await form.getByLabel('ข้อความถึงผู้รับ').fill('เรียนเพื่อโปรดพิจารณา');
  await tap(form.getByRole('button', { name: 'ส่งต่อ', exact: true }));
  await expect(page.getByRole('status').filter({ hasText: 'ส่งต่อแล้ว' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await shot(page, 'phone-1-routed');
  await signOut(page);

  await signIn(page, 'opm', 'director');
  await tap(page.getByRole('button', { name: /การแจ้งเตือน/ }));
  await page.getByRole('dialog', { name: 'การแจ้งเตือน' }).getByRole('link', { name: new RegExp(subject) }).click();
  await page.getByLabel('ข้อความเกษียน').fill('ทราบ มอบกองกลางพิจารณาส่งผู้แทน');
  await tap(page.getByRole('button', { name: 'เกษียน', exact: true }));
  await expect(page.locator('.endorsement-sign')).toContainText('ปลัดสำนักนายกรัฐมนตรี');
  await page.getByLabel('สิ่งที่ได้ดำเนินการ').fill('เกษียนสั่งการแล้ว');
  await tap(page.getByRole('button', { name: 'บันทึกและปิดงาน' }));
  await expect(page.getByTestId('letter-status')).toHaveText('ดำเนินการเสร็จสิ้น');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await shot(page, 'phone-2-endorsed');
});
