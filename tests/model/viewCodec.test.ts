import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import {
  decodeClassroomView,
  defaultClassroomView,
  encodeClassroomView,
  hiddenControlIds,
} from '../../src/model/viewCodec';
import { TOUR_STEPS } from '../../src/model/tour';
import { decodeUrlState, encodeUrlState } from '../../src/model/urlCodec';
import { classroomCss } from '../../src/classroom/ClassroomBar';

function raw(query: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(query));
}

describe('classroom view codec', () => {
  it('decodes a lecturer link and encodes it back', () => {
    const { view, notices } = decodeClassroomView(
      raw('class=1&hide=bounds,sweep,data,training,ctl:beta,ctl:kx&tour=3&explain=1'),
    );
    expect(notices).toEqual([]);
    expect(view.classMode).toBe(true);
    expect(view.hidePanels).toEqual(['bounds', 'sweep', 'data', 'training']);
    expect(view.hideControls).toEqual(['beta', 'kx']);
    expect(view.tour).toBe(3);
    expect(encodeClassroomView(view)).toBe(
      '&class=1&hide=bounds,sweep,data,training,ctl:beta,ctl:kx&tour=3&explain=1',
    );
  });

  it('hides every control but the shown ones with ctl:*', () => {
    const { view } = decodeClassroomView(raw('hide=ctl:*&show=ctl:L'));
    const ids = hiddenControlIds(view);
    expect(ids).toContain('ctl-beta');
    expect(ids).not.toContain('ctl-depth');
  });

  it('reports bad values and keeps the defaults', () => {
    const { view, notices } = decodeClassroomView(
      raw('class=yes&hide=<script>,ctl:zz&tour=abc&fig=<b>&embed=2'),
    );
    expect(view).toEqual(defaultClassroomView());
    expect(notices.length).toBe(5);
  });

  it('the direction embed and its end (fig=direction, dir=max) round-trip; a bad end is named', () => {
    const { view, notices } = decodeClassroomView(raw('embed=1&fig=direction&dir=max'));
    expect(notices).toEqual([]);
    expect(view.figure).toBe('direction');
    expect(view.directionEnd).toBe('max');
    expect(encodeClassroomView(view)).toBe('&embed=1&fig=direction&dir=max');
    const bad = decodeClassroomView(raw('dir=middle'));
    expect(bad.view.directionEnd).toBe('min');
    expect(bad.notices).toHaveLength(1);
    expect(bad.notices[0]).toMatch(/dir=middle/);
  });

  it('the default view adds nothing to a link', () => {
    expect(encodeClassroomView(defaultClassroomView())).toBe('');
  });

  it('the stylesheet holds constant selectors only', () => {
    const { view } = decodeClassroomView(raw('hide=spectrum,ctl:L'));
    const css = classroomCss(view);
    expect(css).toContain('#ctl-depth');
    expect(css).toContain('spectrum-plot');
  });

  fcTest.prop([
    fc.dictionary(
      fc.constantFrom('class', 'hide', 'show', 'tour', 'explain', 'embed', 'fig'),
      fc.string(),
    ),
  ])('never throws, and decoding its own encoding is stable', (input) => {
    const { view } = decodeClassroomView(input);
    const again = decodeClassroomView(raw(encodeClassroomView(view).slice(1)));
    expect(again.notices).toEqual([]);
    expect(encodeClassroomView(again.view)).toBe(encodeClassroomView(view));
  });
});

describe('tour', () => {
  it.each(TOUR_STEPS.map((s) => [s.id, s.query]))('%s decodes without notices', (_, query) => {
    const decoded = decodeUrlState(query);
    expect(decoded.notices).toEqual([]);
    expect(encodeUrlState(decoded.config, decoded.view)).toBe(query);
  });
});
