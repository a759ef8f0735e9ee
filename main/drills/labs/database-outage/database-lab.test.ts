import { describe } from 'vitest';
import { defineLabTests } from '../../testing/lab-test-suite';

describe('database-outage lab', () => {
  defineLabTests('database-outage');
});
