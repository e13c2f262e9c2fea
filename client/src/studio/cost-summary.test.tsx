import { render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../generated';
import { CostSummary, CostSummaryFragment, generateBlocker } from './cost-summary';

const quote = (count: number, pricePerImage: number, balance: number) =>
  makeFragmentData({ count, pricePerImage, total: count * pricePerImage, affordable: balance >= count * pricePerImage }, CostSummaryFragment);

describe('CostSummary', () => {
  it('shows count × price, the exact total and the balance after', () => {
    render(() => <CostSummary quote={quote(10, 3, 100)} balance={100} />);
    expect(screen.getByText('10 images × 3 credits')).toBeTruthy();
    expect(screen.getByTestId('cost-total').textContent).toBe('30 credits');
    expect(screen.getByTestId('balance').textContent).toBe('100 credits → 70 after');
  });

  it('uses the singular for one image and one credit', () => {
    render(() => <CostSummary quote={quote(1, 1, 5)} balance={5} />);
    expect(screen.getByText('1 image × 1 credit')).toBeTruthy();
    expect(screen.getByTestId('cost-total').textContent).toBe('1 credit');
  });

  it('marks a balance that does not cover the pack, without a negative "after"', () => {
    render(() => <CostSummary quote={quote(5, 3, 12)} balance={12} />);
    const balance = screen.getByTestId('balance');
    expect(balance.textContent).toBe('12 credits');
    expect(balance.classList.contains('cost__short')).toBe(true);
  });

  it('says it is calculating until the quote arrives', () => {
    render(() => <CostSummary quote={null} balance={100} />);
    expect(screen.getByText('Calculating cost…')).toBeTruthy();
  });
});

describe('generateBlocker', () => {
  const ok = { quote: { total: 5, affordable: true }, balance: 100, hasBaseImage: true, busy: false };
  it('lets Generate run when everything is in place', () => expect(generateBlocker(ok)).toBeNull());
  it('explains each reason Generate is disabled', () => {
    expect(generateBlocker({ ...ok, hasBaseImage: false })).toBe('Upload a base image for this influencer first.');
    expect(generateBlocker({ ...ok, quote: null })).toBe('Working out the price…');
    expect(generateBlocker({ ...ok, quote: { total: 30, affordable: false }, balance: 12 })).toBe('Not enough credits: this pack costs 30, you have 12.');
    expect(generateBlocker({ ...ok, busy: true })).toBe('Starting the pack…');
  });
});
