import { expect, test } from '@playwright/test';
import { shot, signIn, violations } from './helpers';

test('an agency admin adds the agency’s own words kept whole at line ends; a word that cannot be one is refused by its line', async ({ page }) => {
  await signIn(page, 'cgd', 'admin');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto('/admin/settings');
  const words = page.getByLabel('คำที่ไม่ตัดท้ายบรรทัด');
  await words.fill('กองระบบการคลังภาครัฐ\nx');
  await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
  await expect(page.getByText('x: คำต้องเป็นภาษาไทยอย่างน้อย ๒ ตัวอักษร')).toBeVisible();
  await words.fill('กองระบบการคลังภาครัฐ\nศูนย์เทคโนโลยีสารสนเทศการคลัง');
  await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'บันทึกแล้ว' })).toBeVisible();
  await shot(page, 'settings-words');
  await page.reload();
  await expect(page.getByLabel('คำที่ไม่ตัดท้ายบรรทัด')).toHaveValue('กองระบบการคลังภาครัฐ\nศูนย์เทคโนโลยีสารสนเทศการคลัง');
  expect(await violations(page)).toEqual([]);
  // On a phone the field and its hint fit the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const box = await page.getByLabel('คำที่ไม่ตัดท้ายบรรทัด').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await shot(page, 'settings-words-390');
});
