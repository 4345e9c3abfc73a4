import { expect, it } from 'vitest';
import { checkMigrationOrder, migrations } from './migrations.js';

it('numbers the shipped migrations 1, 2, 3… without gaps', () => {
  expect(() => checkMigrationOrder(migrations)).not.toThrow();
});

it('refuses a list with a gap or a repeat', () => {
  const one = { version: 1, name: 'one', sql: 'SELECT 1' };
  expect(() => checkMigrationOrder([one, { ...one, version: 3 }])).toThrow(/expected 2/);
  expect(() => checkMigrationOrder([one, one])).toThrow(/expected 2/);
});
