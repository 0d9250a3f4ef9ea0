import { expect, test, type Page } from '@playwright/test';
import { shot, signIn } from './helpers';

async function signedIn(page: Page, username: string) {
  await signIn(page, 'opm', username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
}

test('a letter recorded at another desk appears on the registry\'s open waiting list, and a routed letter in the person\'s open notifications, without reloading', async ({ browser }, info) => {
  const origin = info.project.use.baseURL!;
  const [watcher, staff, desk] = await Promise.all([browser.newPage(), browser.newPage(), browser.newPage()]);
  await signedIn(watcher, 'registry');
  await watcher.goto('/inbox');
  await signedIn(staff, 'staff');
  await staff.getByRole('button', { name: 'การแจ้งเตือน' }).click();
  const panel = staff.getByRole('dialog', { name: 'การแจ้งเตือน' });
  await expect(panel).toBeVisible();
  await signedIn(desk, 'registry');

  // The other desk works through the API, as the app's own pages do.
  const call = async (path: string, input: unknown) => {
    const response = await desk.request.post(`/api/trpc/${path}`, { data: input, headers: { origin } });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).result.data;
  };
  const subject = `ขอเชิญประชุมหารือแนวทางการจัดเก็บเอกสาร ครั้งที่ ${Date.now() % 1000}`;
  const { id } = await call('intake.recordPaperLetter', {
    documentNumber: 'กค 0402/ว 321', letterDate: '2026-11-30', fromText: 'กรมบัญชีกลาง', toText: 'ปลัดสำนักนายกรัฐมนตรี', subject,
  });
  // Pages no longer check every 30 seconds: the change is pushed, so a few seconds is plenty.
  await expect(watcher.getByText(subject)).toBeVisible({ timeout: 5_000 });
  await shot(watcher, 'live-1-waiting');

  await call('registry.register', { letterId: id });
  await expect(watcher.getByText(subject)).toHaveCount(0, { timeout: 5_000 });
  const { people } = await (async () => {
    const response = await desk.request.get('/api/trpc/letters.recipients');
    return (await response.json()).result.data as { people: Array<{ id: string; fullNameTh: string }> };
  })();
  const person = people.find((p) => p.fullNameTh === 'นายธนากร มุ่งมั่น')!;
  await call('letters.route', { letterId: id, note: 'เพื่อทราบ', targets: [{ userId: person.id, purpose: 'information' }] });
  await expect(panel).toContainText(subject, { timeout: 5_000 });
  await expect(staff.getByTestId('unread-count')).toBeVisible();
  await shot(staff, 'live-2-notification');
});
