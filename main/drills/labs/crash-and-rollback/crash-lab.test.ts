import { describe } from 'vitest';
import { defineLabTests } from '../../testing/lab-test-suite';

describe('crash-and-rollback lab', () => {
  defineLabTests('crash-and-rollback');
});
