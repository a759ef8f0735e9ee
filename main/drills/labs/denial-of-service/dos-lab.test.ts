import { describe } from 'vitest';
import { defineLabTests } from '../../testing/lab-test-suite';

describe('denial-of-service lab', () => {
  defineLabTests('denial-of-service');
});
