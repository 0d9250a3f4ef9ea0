import { expect, test } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { startDovecot } from '../integration/mail-servers';
import { scanPdf, shot, signIn, signOut } from './helpers';

// opm: the other specs register in dla and cgd and count on their numbers.
const MAILBOX = { user: 'saraban@opm.go.th', pass: 'imap-secret-e2e' };

test('an admin connects the agency mailbox; a Thai e-mail with attachments becomes a waiting letter, and its registration is acknowledged', async ({ page }) => {
  const imap = await startDovecot({ [MAILBOX.user]: MAILBOX.pass });
  try {
    const raw = (await createTransport({ streamTransport: true, buffer: true }).sendMail({
      from: '"สำนักงานปลัดกระทรวงมหาดไทย" <saraban@moi.go.th>', to: MAILBOX.user, messageId: '<e2e-0001@moi.go.th>',
      subject: 'ด่วนมาก ขอเชิญประชุมเชิงปฏิบัติการระบบสารบรรณอิเล็กทรอนิกส์',
      text: 'ที่ มท 0201/ว 5678\nเรียน ปลัดสำนักนายกรัฐมนตรี',
      attachments: [{ filename: 'หนังสือเชิญ.pdf', content: await scanPdf('Invitation') }, { filename: 'กำหนดการ.docx', content: Buffer.from('PK\u0003\u0004 doc') }],
    })).message as Buffer;
    const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: MAILBOX, logger: false });
    await client.connect();
    await client.append('INBOX', raw);
    await client.logout();

    await signIn(page, 'opm', 'admin');
    await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ผู้ดูแลระบบ' }).click();
    await page.getByRole('link', { name: 'รับทางอีเมล' }).click();
    await page.getByRole('button', { name: 'เพิ่มกล่องอีเมล' }).click();
    await page.getByLabel('เครื่องแม่ข่าย IMAP').fill('mail server');
    await page.getByLabel('พอร์ต', { exact: true }).fill(String(imap.port));
    await page.getByLabel('เข้ารหัส TLS', { exact: true }).uncheck();
    await page.getByLabel('ชื่อผู้ใช้อีเมล').fill(MAILBOX.user);
    await page.getByLabel('รหัสผ่านอีเมล').fill(MAILBOX.pass);
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await expect(page.getByText('ชื่อเครื่องแม่ข่ายไม่ถูกต้อง เช่น mail.example.go.th')).toBeVisible();
    await page.getByLabel('เครื่องแม่ข่าย IMAP').fill(imap.host);
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await expect(page.getByText(/ตรวจล่าสุด/)).toBeVisible({ timeout: 30_000 });
    await shot(page, '41-admin-mailbox');
    await signOut(page);

    await signIn(page, 'opm', 'registry');
    await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
    const row = page.getByRole('row', { name: /ขอเชิญประชุมเชิงปฏิบัติการระบบสารบรรณ/ });
    await expect(row).toContainText('ด่วนมาก');
    await expect(row).toContainText('ไปรษณีย์อิเล็กทรอนิกส์');
    await expect(row.getByRole('link', { name: 'หนังสือเชิญ.pdf' })).toBeVisible();
    await expect(row).toContainText('มท 0201/ว 5678');
    await row.getByRole('button', { name: /^ลงรับ/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'ลงรับแล้ว' })).toBeVisible();

    // No mail service is configured: the acknowledgement waits in the local outbox.
    await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'อีเมลที่ส่ง' }).click();
    await expect(page.getByRole('heading', { name: 'อีเมลที่ระบบส่ง' })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('row', { name: /แจ้งการรับหนังสือ: ด่วนมาก ขอเชิญประชุม/ })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await page.getByRole('row', { name: /แจ้งการรับหนังสือ/ }).getByRole('button', { name: 'เปิดดู' }).click();
    await expect(page.frameLocator('iframe').getByText('เลขรับ', { exact: true })).toBeVisible();
    await shot(page, '42-outbox');
  } finally {
    await imap.stop();
  }
});
