import { expect, test } from '@playwright/test';
import { shot, signIn, violations } from './helpers';

test('an officer searches for a word from the middle of a subject, sees it marked, and opens the letter', async ({ page }) => {
  await signIn(page, 'opm', 'registry');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await page.getByLabel('ที่', { exact: true }).fill('กษ 0201/ว 4471');
  await page.getByLabel('ลงวันที่').fill('๑๕/๑๑/๒๕๖๙');
  await page.getByLabel('จาก', { exact: true }).fill('กระทรวงเกษตรและสหกรณ์');
  await page.getByLabel('ถึง', { exact: true }).fill('ปลัดสำนักนายกรัฐมนตรี');
  await page.getByLabel('เรื่อง', { exact: true }).fill('ขอเชิญร่วมงานวันดินโลกและนิทรรศการเกษตรทฤษฎีใหม่');
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();

  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ค้นหา' }).click();
  await expect(page.getByRole('heading', { name: 'ค้นหาหนังสือ' })).toBeVisible();
  // Nothing asked yet: the page says what can be searched instead of listing everything.
  await expect(page.getByText(/พิมพ์คำค้น หรือเลือกเงื่อนไข/)).toBeVisible();
  // Marks alone are no words: a specific message, no error page.
  await page.getByLabel('คำค้น').fill('%_&|!');
  await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'คำค้นมีแต่เครื่องหมาย' })).toBeVisible();

  // The letter is indexed moments after it was recorded.
  const results = page.getByRole('region', { name: 'ผลการค้นหา' });
  await expect(async () => {
    await page.getByLabel('คำค้น').fill('นิทรรศการ');
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await expect(results.getByRole('status')).toHaveText('พบ ๑ ฉบับ', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(results.locator('mark').first()).toHaveText('นิทรรศการ');
  await expect(results).toContainText('กษ 0201/ว 4471');
  await expect(results).toContainText('๑๕ พ.ย. ๒๕๖๙');
  expect(await violations(page)).toEqual([]);
  await shot(page, '17-search');

  // A Christian-era year where a Buddhist-era one is expected is named at its field.
  await page.getByText('เงื่อนไขเพิ่มเติม').click();
  await page.getByLabel('ตั้งแต่วันที่').fill('2026');
  await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
  await expect(page.getByText('ปีที่กรอกเป็น ค.ศ. กรุณากรอกปี พ.ศ. เช่น 2569')).toBeVisible();
  await page.getByLabel('ตั้งแต่วันที่').fill('2569');
  await page.getByLabel('ถึงวันที่').fill('2569');
  await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
  await expect(page).toHaveURL(/from=2569/);
  await expect(results.getByRole('status')).toHaveText('พบ ๑ ฉบับ');

  await results.getByRole('link', { name: /ขอเชิญร่วมงานวันดินโลก/ }).click();
  await expect(page.getByRole('heading', { name: /ขอเชิญร่วมงานวันดินโลก/ })).toBeVisible();
});
