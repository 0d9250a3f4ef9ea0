import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, scanPdf, shot, signIn as signInOnly, signOut } from './helpers';

/** Signs in and waits for the signed-in shell, so that a following goto is not raced by the sign-in redirect. */
async function signIn(page: Page, agency: string, username: string) {
  await signInOnly(page, agency, username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
}

const subject = 'ขอเชิญประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ครั้งที่ ๒/๒๕๖๙';

test('a letter is drafted with a live preview, signed with the password, numbered, sent to another agency, and verifiable by its QR page', async ({ page }) => {
  // The clerk drafts.
  await signIn(page, 'opm', 'clerk');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือออก' }).click();
  await page.getByLabel('ชนิดหนังสือ').selectOption({ label: 'หนังสือภายนอก' });
  await page.getByRole('button', { name: 'ร่างหนังสือใหม่' }).click();
  // The list page has its own เรื่อง (a reserved number's): wait for the draft form before filling.
  await expect(page.getByRole('form', { name: 'หนังสือภายนอก' })).toBeVisible();
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ถึง (ผู้รับตามตำแหน่ง)').fill('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('ข้อความ (เว้นบรรทัดว่างระหว่างย่อหน้า)').fill(
    'ด้วยสำนักงานปลัดสำนักนายกรัฐมนตรีจะจัดประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ในวันที่ ๑๕ ธันวาคม ๒๕๖๙ เวลา ๐๙.๓๐ น. ณ ห้องประชุม ๑ ทำเนียบรัฐบาล\n\nจึงเรียนมาเพื่อโปรดพิจารณามอบหมายผู้แทนเข้าร่วมประชุม จะขอบคุณยิ่ง',
  );
  await page.getByLabel('ชื่อผู้ลงนาม', { exact: true }).fill('(นายวิชัย ศรีสง่า)');
  await page.getByLabel('ตำแหน่งผู้ลงนาม').fill('ปลัดสำนักนายกรัฐมนตรี');
  await page.getByLabel('ส่วนราชการในระบบ').selectOption({ label: 'กรมบัญชีกลาง' });
  await page.getByRole('button', { name: 'เพิ่มส่วนราชการ' }).click();
  await expect(page.getByTestId('agency-recipients')).toContainText('กรมบัญชีกลาง');
  // The live preview is the server's layout of the letter.
  await expect(page.getByRole('img', { name: 'ตัวอย่างหนังสือ 1' })).toBeVisible({ timeout: 15_000 });
  await shot(page, 'sending-1-draft');
  await page.getByRole('button', { name: 'สร้างร่าง' }).click();
  await expect(page).toHaveURL(/\/outgoing\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('outgoing-state')).toHaveText('ร่าง');
  await page.getByLabel('ผู้ลงนาม', { exact: true }).selectOption({ label: 'นายวิชัย ศรีสง่า — ปลัดสำนักนายกรัฐมนตรี' });
  await page.getByRole('button', { name: 'เสนอ', exact: true }).click();
  await expect(page.getByText('เสนอแล้ว')).toBeVisible();
  const letterUrl = page.url();
  await signOut(page);

  // The executive signs: a wrong password is refused and changes nothing.
  await signIn(page, 'opm', 'director');
  await page.goto(letterUrl);
  await expect(page.getByTestId('chain')).toContainText('ลงนาม');
  await page.getByLabel('รหัสผ่านของท่าน').fill('not-my-password');
  await page.getByRole('button', { name: 'ลงนาม', exact: true }).click();
  await expect(page.getByText('รหัสผ่านไม่ถูกต้อง')).toBeVisible();
  await expect(page.getByTestId('outgoing-state')).toHaveText('อยู่ระหว่างเสนอ');
  await page.getByLabel('รหัสผ่านของท่าน').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ลงนาม', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/ลงนามแล้ว ที่ นร \d+(\.\d+)?\/\d+/);
  await expect(page.getByTestId('outgoing-state')).toHaveText('ลงนามแล้ว');
  await signOut(page);

  // The registry officer sends it; the delivery record follows it to the other agency.
  await signIn(page, 'opm', 'registry');
  await page.goto(letterUrl);
  await page.getByRole('button', { name: 'ส่งหนังสือ' }).click();
  await expect(page.getByRole('status')).toContainText('ส่งแล้ว ๑ ราย');
  await expect(page.getByTestId('deliveries')).toContainText('ถึงผู้รับแล้ว', { timeout: 30_000 });
  await shot(page, 'sending-2-sent');

  // The public verification page, reached by the QR: the signed file matches, another does not.
  const signedHref = (await page.getByTestId('signed-file').getAttribute('href'))!;
  const signedPdf = Buffer.from(await (await page.request.get(signedHref)).body());
  // The file of record: sound to qpdf, its signature valid to pdfsig with the agency's Thai name, its data attached.
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'signed-')), 'letter.pdf');
  writeFileSync(file, signedPdf);
  expect(execFileSync('qpdf', ['--check', file]).toString()).toContain('No syntax or stream encoding errors');
  const sig = execFileSync('pdfsig', [file]).toString();
  expect(sig).toContain('Signature is Valid');
  expect(sig).toContain('Signer Certificate Common Name: สำนักงานปลัดสำนักนายกรัฐมนตรี');
  expect(execFileSync('pdfdetach', ['-list', file]).toString()).toContain('saraban-letter.xml');
  expect(signedPdf.toString('latin1')).toContain('<pdfaid:part>3</pdfaid:part>');
  const verifyHref = (await page.getByRole('link', { name: 'หน้าตรวจสอบหนังสือ' }).getAttribute('href'))!;
  await signOut(page);
  await page.goto(verifyHref);
  await expect(page.getByTestId('verified')).toContainText('นายวิชัย ศรีสง่า');
  // Its dates are written as the signing agency writes them: Thai digits.
  await expect(page.getByTestId('verified')).toContainText(/ลงนามเมื่อ.*๒๕[๐-๙]{2}/s);
  await page.getByLabel('ตรวจไฟล์ที่ได้รับ').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: signedPdf });
  await expect(page.getByTestId('verify-result')).toHaveText('ไฟล์นี้ตรงกับหนังสือที่ลงนาม ไม่มีการแก้ไข');
  await shot(page, 'sending-3-verify');
  await page.getByLabel('ตรวจไฟล์ที่ได้รับ').setInputFiles({ name: 'other.pdf', mimeType: 'application/pdf', buffer: await scanPdf('changed') });
  await expect(page.getByTestId('verify-result')).toHaveText('ไฟล์นี้ไม่ตรงกับหนังสือที่ลงนาม อาจถูกแก้ไขหรือเป็นไฟล์อื่น');

  // The recipient agency finds it waiting.
  await signIn(page, 'cgd', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.getByText(subject)).toBeVisible();
});

test('minutes are drafted with their own parts (meeting number, place, who attended)', async ({ page }) => {
  await signIn(page, 'dla', 'clerk');
  await page.goto('/outgoing/new?kind=minutes');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('รายงานการประชุม');
  await page.getByLabel('เรื่อง', { exact: true }).fill('คณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์');
  await page.getByLabel('ครั้งที่ / ฉบับที่').fill('2/2569');
  await page.getByLabel('สถานที่ประชุม').fill('ห้องประชุม ๑ กรมส่งเสริมการปกครองท้องถิ่น');
  await page.getByLabel('ผู้มาประชุม (บรรทัดละคน)').fill('นายสมชาย ใจดี ประธาน\nนางสาวสมศรี ใจดี กรรมการและเลขานุการ');
  await page.getByLabel('ข้อความ (เว้นบรรทัดว่างระหว่างย่อหน้า)').fill('ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ');
  await expect(page.getByRole('img', { name: 'ตัวอย่างหนังสือ 1' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'สร้างร่าง' }).click();
  await expect(page).toHaveURL(/\/outgoing\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('ครั้งที่ / ฉบับที่')).toHaveValue('2/2569');
  await expect(page.getByLabel('ผู้มาประชุม (บรรทัดละคน)')).toHaveValue('นายสมชาย ใจดี ประธาน\nนางสาวสมศรี ใจดี กรรมการและเลขานุการ');
  await shot(page, 'sending-4-minutes');
});
