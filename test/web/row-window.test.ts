import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowOf } from '../../web/src/features/runs/state/rowWindow.js';

describe('the runs grid’s window of rendered rows', () => {
  it('is the rows on screen and the overscan on either side', () => {
    assert.deepEqual(windowOf(100, 25, 100_000, 12), { start: 88, end: 137 });
  });

  it('stops at the first and the last row', () => {
    assert.deepEqual(windowOf(0, 25, 100_000, 12), { start: 0, end: 37 });
    assert.deepEqual(windowOf(99_975, 25, 100_000, 12), { start: 99_963, end: 100_000 });
  });

  it('shows the last screenful when the table shrank under a scrolled-down screen', () => {
    // A narrower filter: the rows are already fewer, the browser has not clamped scrollTop yet.
    assert.deepEqual(windowOf(5_000, 25, 40, 12), { start: 3, end: 40 });
  });

  it('shows every row of a table shorter than the screen', () => {
    assert.deepEqual(windowOf(0, 25, 10, 12), { start: 0, end: 10 });
  });

  it('is empty for an empty table', () => {
    assert.deepEqual(windowOf(0, 25, 0, 12), { start: 0, end: 0 });
  });
});
