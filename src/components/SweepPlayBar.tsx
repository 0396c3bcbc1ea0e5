/**
 * The sweep's play bar (test id `sweep-play`, docs/contract.md §3.2): play and pause, speed and
 * loop, and where the player is. The stepping itself runs outside React
 * (src/compute/sweepPlayer.ts); this only renders the store and calls its actions.
 */
import type { KeyboardEvent } from 'react';
import { useMemo } from 'react';
import { playValues, sameAxisValue } from '../model/sweepMotion';
import { viewParam } from '../model/viewParams';
import { sweepAxisValue } from '../model/sweepPlan';
import { SWEEP_AXES } from '../model/urlCodec';
import { formatNumber } from '../plots/format';
import { selectParams, selectSweepSettings } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';
import { SelectField } from './SelectField';

/** The speed and loop controls, from their rows of the view table (src/model/viewParams.ts). */
const SPEED = viewParam('speed');
const LOOP = viewParam('loop');
const SPEED_OPTIONS = SPEED.values.map((v) => ({ value: v as string, label: SPEED.choices[v] }));

/** Elements where the space bar already means something (typing, choosing, pressing). */
const OWN_SPACE = 'input, select, textarea, button, a[href], [contenteditable="true"]';

/**
 * Space plays and pauses while the focus is in the sweep panel (the plot box is focusable),
 * except in a field or on a button, which keep their own use of the key.
 */
export function onSweepPanelKeyDown(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== ' ' || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.closest(OWN_SPACE)) return;
  event.preventDefault();
  actions.togglePlay();
}

export function SweepPlayBar() {
  const settings = useAppStore(selectSweepSettings);
  const params = useAppStore(selectParams);
  const play = useAppStore((s) => s.sweepPlay);
  const values = useMemo(() => playValues(settings), [settings]);
  const axis = SWEEP_AXES[settings.axis];
  const current = sweepAxisValue(params, settings.axis);
  const position = values.findIndex((v) => sameAxisValue(v, current));
  const range = `${formatNumber(values[0] ?? settings.from)} → ${formatNumber(values.at(-1) ?? settings.to)}`;
  return (
    <div className="sweep-play" role="group" aria-label="Play the sweep">
      <button
        type="button"
        className={`button play-button${play.playing ? ' is-playing' : ''}`}
        data-testid="sweep-play"
        data-state={play.playing ? 'playing' : 'paused'}
        aria-describedby="sweep-play-where"
        title={`Step ${axis.symbol} through ${range}, one answered step at a time (space)`}
        onClick={() => actions.togglePlay()}
      >
        <span aria-hidden="true" className="play-icon">
          {play.playing ? '❚❚' : '▶'}
        </span>
        {play.playing ? 'Pause' : 'Play'}
      </button>
      <SelectField
        id={SPEED.control}
        label={SPEED.label}
        value={String(play.speed)}
        options={SPEED_OPTIONS}
        onChoose={(speed) => {
          actions.setPlaySpeed(Number(speed));
          actions.commitHistory();
        }}
      />
      <div className="field checkbox-field play-loop">
        <input
          id={LOOP.control}
          type="checkbox"
          checked={play.loop}
          onChange={(event) => {
            actions.setPlayLoop(event.target.checked);
            actions.commitHistory();
          }}
        />
        <label htmlFor={LOOP.control}>{LOOP.label}</label>
      </div>
      <p className="play-where" id="sweep-play-where">
        {axis.symbol} = {formatNumber(current)}
        {position >= 0 ? ` (${position + 1} of ${values.length})` : ''}, range {range}
      </p>
    </div>
  );
}
