import { describe, expect, it } from 'vitest';
import { committeeProblem, disposalDeadline, keepUntil, yearHasEnded } from '@/core/keeping';

describe('retention', () => {
  it('counts by calendar year: a letter kept N years from year Y is due at the end of Y + N; permanent, secret and legal have no end', () => {
    expect(keepUntil('2026-03-01', 'routine')).toBe('2027-12-31');
    expect(keepUntil('2026-12-31', 'financial')).toBe('2031-12-31');
    expect(keepUntil('2026-01-01', 'standard')).toBe('2036-12-31');
    expect(keepUntil('2026-01-01', 'permanent')).toBeNull();
    expect(keepUntil('2026-01-01', 'secret')).toBeNull();
    expect(keepUntil('2026-01-01', 'legal')).toBeNull();
  });
});

describe('the disposal list', () => {
  it('is prepared for a year once it has ended, within 60 days after 31 December', () => {
    expect(yearHasEnded(2026, '2026-12-31')).toBe(false);
    expect(yearHasEnded(2026, '2027-01-01')).toBe(true);
    expect(disposalDeadline(2026)).toBe('2027-03-01');
    expect(disposalDeadline(2027)).toBe('2028-02-29');
  });

  it('has a committee of a chair and at least two members, nobody twice', () => {
    expect(committeeProblem([{ userId: 'a', role: 'chair' }, { userId: 'b', role: 'member' }])).toBe('committee_too_small');
    expect(committeeProblem([{ userId: 'a', role: 'member' }, { userId: 'b', role: 'member' }, { userId: 'c', role: 'member' }])).toBe('committee_chair');
    expect(committeeProblem([{ userId: 'a', role: 'chair' }, { userId: 'b', role: 'chair' }, { userId: 'c', role: 'member' }])).toBe('committee_chair');
    expect(committeeProblem([{ userId: 'a', role: 'chair' }, { userId: 'a', role: 'member' }, { userId: 'c', role: 'member' }])).toBe('committee_duplicate');
    expect(committeeProblem([{ userId: 'a', role: 'chair' }, { userId: 'b', role: 'member' }, { userId: 'c', role: 'member' }])).toBeNull();
  });
});
