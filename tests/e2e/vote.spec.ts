import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PHONE = '13812340001';

async function codeFor(page: Page, phone: string): Promise<string> {
  const res = await page.request.get(`/api/dev/sms?phone=${phone}`);
  const body = await res.json();
  return body.messages[0].code;
}

test.describe('voting on a phone in WeChat', () => {
  test('a citizen chooses finalists, verifies by SMS code, votes, checks the receipt and cannot vote twice', async ({
    page,
  }) => {
    await page.goto('/polls/trades-vote/');
    const counter = page.getByRole('region', { name: '已选数量' });
    await expect(counter).toContainText('已选 0 / 10 项');

    await page.getByRole('checkbox', { name: /焊工/ }).check();
    await page.getByRole('checkbox', { name: /中式面点师/ }).check();
    await page.getByRole('checkbox', { name: /家政服务员/ }).check();
    await expect(counter).toContainText('已选 3 / 10 项');

    await counter.getByRole('link', { name: '去投票' }).click();
    await page.getByLabel('手机号码').fill('138 1234 0001');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('button', { name: /重新获取\(\d+s\)/ })).toBeDisabled();
    await expect(page.getByText('验证码已发送至 138****0001')).toBeVisible();

    await page.getByLabel('短信验证码').fill(await codeFor(page, PHONE));
    await page.getByRole('button', { name: /提交投票/ }).click();

    await expect(page.getByRole('heading', { name: '投票成功' })).toBeVisible();
    const receipt = (await page.locator('.receipt-code').textContent())!.trim();
    expect(receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(page.getByText('您选择了：焊工、中式面点师、家政服务员')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: /焊工/ })).toBeDisabled();

    await page.getByRole('link', { name: '查询这张选票' }).click();
    await expect(page).toHaveURL(new RegExp(`/receipts/${receipt}/$`));
    await expect(page.getByText('已计入')).toBeVisible();
    await expect(page.locator('main ol li')).toHaveText(['焊工', '中式面点师', '家政服务员']);

    // Back on the poll page while the session lasts: the server knows this phone voted, so the
    // page shows 已投票 and the receipt, with the ballot's choices ticked and nothing to submit.
    await page.goto('/polls/trades-vote/');
    await expect(page.getByRole('heading', { name: '已投票' })).toBeVisible();
    await expect(page.locator('.receipt-code')).toHaveText(receipt);
    await expect(page.getByRole('button', { name: /提交投票/ })).toHaveCount(0);
    await expect(page.getByRole('checkbox', { name: /焊工/ })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: /电工/ })).toBeDisabled();
  });

  test('the form keeps the choices within the maximum and explains errors in Chinese', async ({ page }) => {
    await page.goto('/polls/trades-vote/');
    await page.getByRole('button', { name: /提交投票/ }).click();
    await expect(page.getByRole('alert')).toHaveText('请至少选择1项。');

    const boxes = page.getByRole('checkbox');
    for (let i = 0; i < 10; i++) await boxes.nth(i).check();
    await expect(boxes.nth(10)).toBeDisabled();
    await expect(page.getByRole('region', { name: '已选数量' })).toContainText('已选 10 / 10 项');

    await page.getByLabel('手机号码').fill('12345');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('alert')).toContainText('手机号码');
    await expect(page.getByLabel('手机号码')).toBeFocused();
    await expect(page.getByLabel('手机号码')).toHaveValue('12345');

    await page.getByLabel('手机号码').fill('13812340002');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText(/验证码已发送/)).toBeVisible();
    // A code that differs from the one sent, in its last digit.
    const sent = await codeFor(page, '13812340002');
    const wrong = sent.slice(0, 5) + ((Number(sent[5]) + 1) % 10);
    await page.getByLabel('短信验证码').fill(wrong);
    await page.getByRole('button', { name: /提交投票/ }).click();
    await expect(page.getByRole('alert')).toContainText('验证码错误，还可尝试4次。');
    await expect(page.getByLabel('手机号码')).toHaveValue('13812340002');
    await expect(boxes.nth(0)).toBeChecked();
  });
});
