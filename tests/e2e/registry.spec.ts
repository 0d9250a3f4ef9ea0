import { expect, test } from '@playwright/test';
import { scanPdf, shot, signIn } from './helpers';

test('a registry officer records a paper letter, registers it, sees it in the register and cancels a mistake', async ({ page }) => {
  await signIn(page, 'dla', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.getByRole('heading', { name: 'หนังสือรอลงรับ' })).toBeVisible();

  await page.getByLabel('ที่', { exact: true }).fill('ศธ 04001/ว 123');
  await page.getByLabel('ลงวันที่').fill('20/11/2026');
  await page.getByLabel('จาก', { exact: true }).fill('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมส่งเสริมการปกครองท้องถิ่น');
  await page.getByLabel('เรื่อง', { exact: true }).fill('ขอความร่วมมือสำรวจข้อมูลโรงเรียนในสังกัดองค์กรปกครองส่วนท้องถิ่น');
  await page.getByLabel('ชั้นความเร็ว').selectOption({ label: 'ด่วนที่สุด' });
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  // A Christian-era year where the Buddhist era is expected is named as such.
  await expect(page.getByText('ปีที่กรอกเป็น ค.ศ. กรุณากรอกปี พ.ศ. เช่น 2569')).toBeVisible();
  await page.getByLabel('ลงวันที่').fill('20/11/2569');
  const scan = await scanPdf();
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'หนังสือสำรวจข้อมูล.pdf', mimeType: 'application/pdf', buffer: scan });
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
  await expect(page.getByTestId('waiting-count')).toHaveText('รอลงรับ ๑ ฉบับ');
  await expect(page.getByRole('row', { name: /ด่วนที่สุด ขอความร่วมมือสำรวจข้อมูล/ })).toBeVisible();
  const fileLink = page.getByRole('link', { name: 'หนังสือสำรวจข้อมูล.pdf' });
  await expect(fileLink).toBeVisible();
  const file = await page.request.get((await fileLink.getAttribute('href'))!);
  expect(file.headers()['content-type']).toBe('application/pdf');
  expect((await file.body()).equals(scan)).toBe(true);
  await shot(page, '11-inbox-waiting');

  await page.getByRole('button', { name: /^ลงรับ ขอความร่วมมือ/ }).click();
  // Other specs may have registered letters in this agency before: the number is read, not assumed.
  const registered = page.getByRole('status').filter({ hasText: /ลงรับแล้ว เลขทะเบียนรับ [๐-๙]+ วันที่/ });
  await expect(registered).toBeVisible();
  const number = /เลขทะเบียนรับ ([๐-๙]+)/.exec(await registered.innerText())![1];
  await expect(page.getByText('ไม่มีหนังสือรอลงรับ')).toBeVisible();

  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await expect(page.getByRole('heading', { name: /ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕/ })).toBeVisible();
  const line = page.getByRole('row', { name: new RegExp(`^${number} ศธ 04001/ว 123`) });
  await expect(line).toContainText('๒๐ พ.ย. ๒๕๖๙');
  await expect(line).toContainText('ลงรับแล้ว');
  await shot(page, '12-register');

  // Exports are made in the background and listed with their progress; each is downloaded when ready.
  for (const label of ['ส่งออก Excel', 'ส่งออก PDF']) await page.getByRole('button', { name: label }).click();
  for (const file of [/^ทะเบียนหนังสือรับ-25\d\d\.xlsx$/, /^ทะเบียนหนังสือรับ-25\d\d\.pdf$/]) {
    const link = page.getByRole('link', { name: new RegExp(`^ดาวน์โหลด ${file.source.slice(1, -1)}$`) }).first();
    await expect(link).toBeVisible({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(file);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBeGreaterThan(1000);
  }

  await page.getByLabel('ค้นในเรื่อง จาก ถึง ที่').fill('คำที่ไม่มีในทะเบียน');
  await page.getByRole('button', { name: 'แสดง' }).click();
  await expect(page.getByText('ไม่มีรายการในช่วงที่เลือก')).toBeVisible();
  await page.getByLabel('ค้นในเรื่อง จาก ถึง ที่').fill('สำรวจข้อมูลโรงเรียน');
  await page.getByRole('button', { name: 'แสดง' }).click();
  await expect(line).toBeVisible();

  await line.getByRole('button', { name: 'ยกเลิก' }).click();
  await line.getByLabel('เหตุผลที่ยกเลิกการลงรับ').fill('ลงรับผิดทะเบียน');
  await line.getByRole('button', { name: 'ยืนยันยกเลิก' }).click();
  await expect(line).toContainText('ยกเลิกแล้ว: ลงรับผิดทะเบียน');
  await expect(line).toContainText('ยกเลิกการลงรับ');
});
