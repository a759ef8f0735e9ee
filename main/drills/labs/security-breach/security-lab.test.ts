import { describe } from 'vitest';
import { defineLabTests } from '../../testing/lab-test-suite';

describe('security-breach lab', () => {
  defineLabTests('security-breach');
});
