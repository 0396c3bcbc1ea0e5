/**
 * Your own network in the page (issue "Bring your own network"): a ReLU net with biases as
 * float32 safetensors plus an .npz batch, and a linear net with biases as .npz named fc1…fc10,
 * loaded through the page's file inputs, give numpy's κ, rank and eigenvalues
 * (tests/fixtures/own/own-expected.json, made by tests/fixtures/make_own_network.py, which
 * computes them from an explicit Jacobian without gnlens); the mapping used is shown; a pickle
 * is refused by name and changes nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  expectClose,
  launchBrowser,
  openPage,
  root,
  screenshot,
  urlFor,
  waitForKappa,
} from './helpers.mjs';

const fixtures = join(root, 'tests', 'fixtures', 'own');
const expected = JSON.parse(readFileSync(join(fixtures, 'own-expected.json'), 'utf8')).cases;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const file = (name) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(join(fixtures, name)),
});

/** Loads weights then data through the page's inputs; returns κ once both are in. */
async function loadOwn(page, weights, data) {
  const before = await waitForKappa(page);
  await page.getByTestId('matrix-weights-file').setInputFiles(file(weights));
  const withWeights = await waitForKappa(page, String(before));
  await page.getByTestId('matrix-X-file').setInputFiles(file(data));
  return waitForKappa(page, String(withWeights));
}

describe('your own network (tensor files)', () => {
  for (const [id, activation] of [
    ['relu', 'relu'],
    ['linear', 'linear'],
  ]) {
    it(`${id}: ${expected[id].weights} + ${expected[id].data} give numpy's κ and rank`, async () => {
      const { context, page, problems } = await openPage(browser);
      // A small starting network, so that a κ is shown before the import (L = 3 ReLU at
      // n = 1000 would wait for the size guard).
      await page.goto(urlFor(`?act=${activation}&L=2&m=20&n=100`));
      await page.getByText('Your own matrices').first().click();
      const kappa = await loadOwn(page, expected[id].weights, expected[id].data);
      expectClose(kappa, expected[id].kappa, 1e-9);
      const mapping = await page.getByTestId('matrix-mapping').innerText();
      assert.match(mapping, /layer 1 ←/);
      assert.equal(await page.getByTestId('matrix-X-shape').innerText(), expected[id].X);
      assert.ok(await page.getByRole('slider', { name: /Depth/ }).isDisabled());
      assert.match(page.url(), /own=/);
      await screenshot(page, `own-network-${id}`);
      assert.deepEqual(problems.pageErrors, []);
      await context.close();
    });
  }

  it('a PyTorch pickle is refused by name with the two lines of Python; nothing changes', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor(''));
    const kappa = await waitForKappa(page);
    await page.getByText('Your own matrices').first().click();
    await page.getByTestId('matrix-weights-file').setInputFiles({
      name: 'model.pt',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x80, 0x02, 0x63, 0x5f, 0x5f, 0x62, 0x75, 0x69, 0x6c, 0x74, 0x69, 0x6e]),
    });
    const notice = page.getByTestId('notice').filter({ hasText: 'model.pt' });
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /safetensors|np\.savez/);
    assert.equal(Number(await page.getByTestId('kappa').getAttribute('data-value')), kappa);
    await context.close();
  });
});
