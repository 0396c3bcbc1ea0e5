/** The controls' shown/disabled states and reasons, and the two link bugs of issue 14. */
import { describe, expect, it } from 'vitest';
import { decodeQuery, defaultConfig, encodeQuery, normalizeConfig } from '../../src/core/config';
import { controlStates, strideForSource } from '../../src/model/controlStates';
import { nextParams } from '../../src/model/paramEdits';
import { decodeUrlState } from '../../src/model/urlCodec';
import { CONTROL_IDS } from '../../src/model/schema';

const cfg = (json: Record<string, unknown>) => normalizeConfig(json).config;

describe('controlStates', () => {
  it('covers every control of the table', () => {
    expect(Object.keys(controlStates(defaultConfig())).sort()).toEqual(
      Object.keys(CONTROL_IDS).sort(),
    );
  });

  it('shows the landing page as every MLP control enabled, CNN, α and stride hidden', () => {
    const s = controlStates(defaultConfig());
    for (const t of [
      'L',
      'm',
      'beta',
      'act',
      'bn',
      'init',
      'seed',
      'data',
      'n',
      'd',
      'k',
      'kx',
    ] as const)
      expect(s[t], t).toMatchObject({ visible: true, disabled: false });
    for (const t of ['filters', 'kernel', 'conv', 'alpha', 'stride'] as const)
      expect(s[t].visible, t).toBe(false);
    expect(s.skip.disabled).toBe(true); // β = 0: no skips to place
  });

  it('says why the CNN turns controls off and bounds its kernel by the signal', () => {
    const s = controlStates(cfg({ model: 'cnn1d', d: 20, convLayers: 2, kernel: 3 }));
    expect(s.L).toMatchObject({ disabled: true, hint: 'Not used by the 1-D CNN.' });
    expect(s.act.hint).toMatch(/linear/);
    expect(s.kernel).toMatchObject({ visible: true, disabled: false, max: 10 });
    expect(s.kernel.hint).toBe('At most 10 for d = 20 and 2 convolutions; output length 16.');
  });

  it('fixes d and k by the images and offers readable strides', () => {
    const s = controlStates(cfg({ data: { source: 'digits', stride: 2 } }));
    expect(s.d).toMatchObject({
      disabled: true,
      hint: 'Fixed by the images: 4×4 pixels at stride 2.',
    });
    expect(s.k).toMatchObject({ disabled: true });
    expect(s.kx.disabled).toBe(true);
    expect(s.stride.options?.map((o) => o.value)).toEqual(['1', '2']);
    expect(s.n.sliderMax).toBe(1797);
  });

  it('names the imported matrices that fix a control', () => {
    const X = [
      [1, 0, 2],
      [0, 1, 1],
      [3, 1, 0],
      [1, 1, 1],
    ];
    const weights = [
      [
        [1, 0, 1],
        [0, 1, 0],
      ],
      [[1, 2]],
    ];
    const s = controlStates(cfg({ X, weights }));
    expect(s.n).toMatchObject({ disabled: true, hint: 'Fixed by your X (4 × 3).' });
    expect(s.L).toMatchObject({ disabled: true, hint: 'Fixed by your weights (2 × 3, 1 × 2).' });
    expect(s.model.disabled).toBe(true);
    expect(s.init.disabled).toBe(true);
  });

  it('turns off width and batch norm for L = 1', () => {
    const s = controlStates(cfg({ L: 1 }));
    expect(s.m).toMatchObject({
      disabled: true,
      hint: 'L = 1 is linear regression: no hidden layer.',
    });
    expect(s.bn).toMatchObject({ disabled: true });
  });
});

describe('switching the data set picks a readable stride', () => {
  it('moves the 8 × 8 digits off stride 4 (2 × 2 pixels) and keeps Fashion-MNIST at 4', () => {
    expect(strideForSource('digits', 4)).toBe(2);
    expect(strideForSource('fashion-mnist', 4)).toBe(4);
    const digits = nextParams(defaultConfig(), { data: { source: 'digits' } }).config;
    expect(digits.data.stride).toBe(2);
    expect(digits.d).toBe(16);
    const back = nextParams(digits, { data: { source: 'fashion-mnist' } }).config;
    expect(back.data.stride).toBe(2);
    expect(back.d).toBe(196);
  });
});

describe('regressions of issue 14', () => {
  it('a depth step from L = 1 gives the default width, not a width-1 bottleneck', () => {
    const one = decodeQuery('?L=1').config;
    const two = nextParams(one, { L: 2 }).config;
    expect(two.m).toEqual([100]);
    expect(encodeQuery(two)).toBe('?v=1&L=2');
  });

  it('never prints a control character of a link into a notice', () => {
    const { notices } = decodeUrlState('?sweep=x%1B%5B31mred&pts=%07&L=%1Bx');
    expect(notices.length).toBeGreaterThanOrEqual(3);
    // eslint-disable-next-line no-control-regex
    for (const n of notices) expect(n).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(notices.join('\n')).toContain('sweep=x?[31mred');
  });
});
