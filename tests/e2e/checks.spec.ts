import { expect, test } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';

test('an admin sets the inbox-check deadlines and holidays; an officer’s check shows in the monthly report', async ({ page }) => {
  await signIn(page, 'opm', 'admin');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ผู้ดูแลระบบ' }).click();
  await page.getByRole('link', { name: 'ตั้งค่าหน่วยงาน' }).click();
  await page.getByLabel('ตรวจช่วงเช้าภายในเวลา').fill('09:30');
  // The afternoon window runs to the end of the day, so the officer's check below counts whatever the hour the test runs.
  await page.getByLabel('ตรวจช่วงบ่ายภายในเวลา').fill('23:59');
  await page.getByLabel('วันหยุดราชการ (นอกจากเสาร์–อาทิตย์)').fill('07/12/2026');
  await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
  await expect(page.getByText('07/12/2026: ปีที่กรอกเป็น ค.ศ. กรุณากรอกปี พ.ศ. เช่น 2569')).toBeVisible();
  await page.getByLabel('วันหยุดราชการ (นอกจากเสาร์–อาทิตย์)').fill('07/12/2569\n10/12/2569');
  await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'บันทึกแล้ว' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('วันหยุดราชการ (นอกจากเสาร์–อาทิตย์)')).toHaveValue('07/12/2569\n10/12/2569');
  await signOut(page);

  await signIn(page, 'opm', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.getByRole('heading', { name: 'หนังสือรอลงรับ' })).toBeVisible();
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await page.getByRole('link', { name: 'รายงานการตรวจหนังสือเข้าประจำเดือน' }).click();
  await expect(page.getByText('ตรวจช่วงเช้าภายใน ๐๙:๓๐ น. ช่วงบ่ายภายใน ๒๓:๕๙ น.')).toBeVisible();
  // On a working day the check is listed with who made it; on a weekend or holiday the day is marked as one.
  const bangkok = new Date(Date.now() + 7 * 3_600_000);
  const weekend = bangkok.getUTCDay() === 0 || bangkok.getUTCDay() === 6 || (bangkok.getUTCMonth() === 11 && [7, 10].includes(bangkok.getUTCDate()));
  await expect(page.locator('tbody')).toContainText(weekend ? 'วันหยุด' : 'นางสาวสมศรี ใจดี');
  await expect(page.getByLabel('ปี พ.ศ.').locator('option:checked')).toHaveText(/^๒๕[๖-๙][๐-๙]$/);
  await shot(page, '31-inbox-checks');
});
