import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ownerSql, shot, signIn, violations } from './helpers';

const LINES = 230;

// A year of dla's receive register (2568, which no other test touches) with more lines than one
// page, loaded directly into the e2e server's database as years of registration would leave it.
test.beforeAll(async () => {
  const sql = ownerSql();
  try {
    await sql.begin(async (tx) => {
      const [agency] = await tx<{ tenant: string; unit: string; officer: string }[]>`
        select t.id tenant, u.id unit, p.id officer from tenants t join units u on u.tenant_id = t.id and u.parent_id is null
          join users p on p.tenant_id = t.id and p.username = 'registry' where t.code = 'dla'`;
      const { tenant, unit, officer } = agency!;
      await tx`insert into registers (tenant_id, id, unit_id, kind, classified, name_th)
        values (${tenant}, gen_random_uuid(), ${unit}, 'receive', false, 'ทะเบียนหนังสือรับ') on conflict do nothing`;
      const [register] = await tx<{ id: string }[]>`select id from registers where tenant_id = ${tenant} and unit_id = ${unit} and kind = 'receive' and not classified`;
      await tx`insert into register_counters (tenant_id, register_id, year, last_number) values (${tenant}, ${register!.id}, 2025, ${LINES})`;
      await tx`insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, received_at)
        select ${tenant}, md5('dla-2568-' || g)::uuid, ${unit}, 'paper', 'ที่ มท 0808/' || g, '2025-06-01', 'จังหวัดขอนแก่น', 'อธิบดี',
               'หนังสือทดลองแบ่งหน้า ฉบับที่ ' || g, timestamptz '2025-06-01 09:00+07' + g * interval '1 hour'
        from generate_series(1, ${LINES}) g`;
      await tx`insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
        select ${tenant}, ${register!.id}, 2025, g, md5('dla-2568-' || g)::uuid, timestamptz '2025-06-01 09:30+07' + g * interval '1 hour', ${officer}, 'นายทะเบียน'
        from generate_series(1, ${LINES}) g`;
    });
  } finally {
    await sql.end();
  }
});

test('a long register opens at its first page with the year\'s count and pages on', async ({ page }) => {
  await signIn(page, 'dla', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await page.getByLabel('ปี พ.ศ.').fill('2568');
  await page.getByRole('button', { name: 'แสดง', exact: true }).click();
  await expect(page.getByRole('heading', { name: /ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕๖๘/ })).toBeVisible();
  await expect(page.getByText('แสดง ๑๐๐ รายการ จากทะเบียนทั้งปี ๒๓๐ รายการ')).toBeVisible();
  await expect(page.getByRole('row', { name: /^๑๐๐ ที่ มท 0808\/100/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^๑๐๑ / })).toHaveCount(0);
  await page.getByRole('button', { name: 'แสดงรายการถัดไป' }).click();
  await expect(page.getByText('แสดง ๒๐๐ รายการ จากทะเบียนทั้งปี ๒๓๐ รายการ')).toBeVisible();
  await page.getByRole('button', { name: 'แสดงรายการถัดไป' }).click();
  await expect(page.getByText('แสดง ๒๓๐ รายการ จากทะเบียนทั้งปี ๒๓๐ รายการ')).toBeVisible();
  await expect(page.getByRole('row', { name: /^๒๓๐ ที่ มท 0808\/230/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'แสดงรายการถัดไป' })).toHaveCount(0);
  await shot(page, '12-register-long');

  // Words are found in the whole year at once.
  await page.getByLabel('ค้นในเรื่อง จาก ถึง ที่').fill('ฉบับที่ 215');
  await page.getByRole('button', { name: 'แสดง', exact: true }).click();
  await expect(page.getByText('แสดง ๑ รายการ จากทะเบียนทั้งปี ๒๓๐ รายการ')).toBeVisible();
  await expect(page.getByRole('row', { name: /^๒๑๕ ที่ มท 0808\/215/ })).toBeVisible();
});

test('a year of the register is exported as PDF in the background: its progress, a notification, the file', async ({ page }) => {
  await signIn(page, 'dla', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await page.getByLabel('ปี พ.ศ.').fill('2568');
  await page.getByRole('button', { name: 'แสดง', exact: true }).click();
  await expect(page.getByText('แสดง ๑๐๐ รายการ จากทะเบียนทั้งปี ๒๓๐ รายการ')).toBeVisible();
  await page.getByRole('button', { name: 'ส่งออก PDF' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'ทะเบียนหนังสือรับ-2568.pdf' }).first();
  await expect(item).toBeVisible();
  const link = item.getByRole('link', { name: 'ดาวน์โหลด ทะเบียนหนังสือรับ-2568.pdf' });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(item).toContainText(/พร้อมแล้ว \(.+ MB\)/);
  expect(await violations(page)).toEqual([]);
  await shot(page, '12-register-export');

  // The bell tells of it (checked every 30 seconds; a new page asks at once), and its link is the file.
  await page.reload();
  await page.getByRole('button', { name: /^การแจ้งเตือน/ }).click();
  const note = page.getByRole('dialog', { name: 'การแจ้งเตือน' }).getByRole('link', { name: /ไฟล์ทะเบียนพร้อมดาวน์โหลด: ทะเบียนหนังสือรับ-2568\.pdf/ }).first();
  await expect(note).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), note.click()]);
  expect(download.suggestedFilename()).toBe('ทะเบียนหนังสือรับ-2568.pdf');
  const file = path.join(test.info().outputDir, 'register-2568.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain('หนังสือทดลองแบ่งหน้าฉบับที่230');
  expect(text).toContain('ทะเบียนหนังสือรับปีพ.ศ.๒๕๖๘');
});
