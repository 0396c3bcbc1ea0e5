import { it } from 'vitest';
import { createNodeThreadedEigvals } from '../../src/cli/eigThreads';
it('large', async () => {
  const t = (await createNodeThreadedEigvals(2))!;
  const n = Number(process.env.LARGE_N ?? 10000);
  const t0 = performance.now();
  let last = t0;
  const v = t.kernel.rows(n, (r, out) => { for (let c = r; c < n; c++) out[c - r] = Math.sin(r * 7.1 + c * 3.3) + (r === c ? 2 : 0); }, { onProgress: (p) => { const now = performance.now(); if (now - last > 10000 || p.phase === 'ql') { console.log(p.phase, p.fraction.toFixed(3), ((now - t0) / 1000).toFixed(1), 's'); last = now; } } });
  console.log('N', n, 'total', ((performance.now() - t0) / 1000).toFixed(1), 's', 'maxRSS MB', Math.round(process.resourceUsage().maxRSS / 1024), v[0], v[n - 1]);
  t.dispose();
}, 1_200_000);
