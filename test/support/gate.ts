import assert from 'node:assert/strict';
import { GateRefused } from '../../src/flash/gate/index.js';

/** The gate's refusal of what `run` tries; fails the test when the gate lets it through. */
export function refusal(run: () => unknown): GateRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof GateRefused) return error;
    throw error;
  }
  assert.fail('the gate let it through');
}
