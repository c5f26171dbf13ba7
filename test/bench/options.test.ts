// The benchmark's warm-up: a full run measures the steady state, --quick stays
// under a minute, and 0 measures a service in its first seconds.

import t from 'tap';
import { parseOptions } from '../../bench/lib/options.js';

t.test('a full run warms up for 20 s before each measured phase, --quick for 1 s', async (t) => {
  t.equal(parseOptions([]).warmUpSeconds, 20);
  t.equal(parseOptions(['--quick']).warmUpSeconds, 1);
});

t.test('--warm-up sets it, and 0 turns it off', async (t) => {
  t.equal(parseOptions(['--warm-up', '5']).warmUpSeconds, 5);
  t.equal(parseOptions(['--quick', '--warm-up', '0']).warmUpSeconds, 0);
});

t.test('a negative or non-numeric warm-up is refused', async (t) => {
  t.throws(() => parseOptions(['--warm-up=-1']), /not a positive number/);
  t.throws(() => parseOptions(['--warm-up', 'long']), /not a positive number/);
});
