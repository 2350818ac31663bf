import { UploadMemoryBudget } from './upload-memory-budget';

describe('UploadMemoryBudget', () => {
  it('gives bytes while they fit and refuses, taking nothing, once they would not', () => {
    const budget = new UploadMemoryBudget(100);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(50)).toBe(false);
    expect(budget.inUse).toBe(60);
    expect(budget.tryTake(40)).toBe(true);
    expect(budget.inUse).toBe(100);
  });

  it('takes released bytes back into the budget', () => {
    const budget = new UploadMemoryBudget(100);
    budget.tryTake(100);
    budget.release(30);
    expect(budget.tryTake(30)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
  });
});
