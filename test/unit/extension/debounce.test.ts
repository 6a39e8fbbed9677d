import { strict as assert } from 'node:assert';
import { KeyedDebouncer, type Timers } from '../../../src/extension/debounce';

/** Manual clock: `tick` runs what is due. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(++next, { at: now + ms, fn });
      return next;
    },
    clear: (h) => void due.delete(h as number),
  };
  const tick = (ms: number) => {
    now += ms;
    for (const [h, t] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now) {
        due.delete(h);
        t.fn();
      }
    }
  };
  return { timers, tick };
}

describe('extension: debounced linting', () => {
  it('runs once after the quiet period, with the latest request', () => {
    const { timers, tick } = manualTimers();
    const d = new KeyedDebouncer<string>(timers);
    const runs: string[] = [];
    d.schedule('a', 150, () => runs.push('a1'));
    tick(100);
    d.schedule('a', 150, () => runs.push('a2'));
    tick(100);
    assert.deepEqual(runs, []);
    tick(50);
    assert.deepEqual(runs, ['a2']);
    assert.equal(d.has('a'), false);
  });

  it('keeps documents independent and cancels on request', () => {
    const { timers, tick } = manualTimers();
    const d = new KeyedDebouncer<string>(timers);
    const runs: string[] = [];
    d.schedule('a', 150, () => runs.push('a'));
    d.schedule('b', 150, () => runs.push('b'));
    d.cancel('a');
    tick(200);
    assert.deepEqual(runs, ['b']);
  });

  it('drops everything on dispose', () => {
    const { timers, tick } = manualTimers();
    const d = new KeyedDebouncer<string>(timers);
    let ran = false;
    d.schedule('a', 10, () => (ran = true));
    d.dispose();
    tick(100);
    assert.equal(ran, false);
  });
});
