import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { aManualClaim, anApproval, signInAs } from '../test/review-fixtures';
import { ManualClaimPage } from './manual-claim-page';

jest.setTimeout(90_000); // Ant Design's modals are slow in jsdom
const slow = { timeout: 10_000 };

const record = { seq: 1, method: 'phone' as const, note: '电话核实住院经过属实', recordedBy: 'cs.reviewer', at: '2026-11-20T02:30:00Z' };
const noPending = { items: [], total: 0, limit: 200, offset: 0 };

function renderClaim(claim = aManualClaim(), extra: Parameters<typeof fakeFetch>[0] = [], roles: Parameters<typeof signInAs>[1] = ['reviewer']) {
  signInAs('cs.reviewer', roles);
  const fake = fakeFetch([
    ...extra,
    { method: 'GET', path: `/api/v1/review/manual-claims/${claim.id}`, status: 200, body: claim },
    { method: 'GET', path: '/api/v1/approvals/review', status: 200, body: noPending },
  ]);
  renderAt(<ManualClaimPage />, `/review/manual-claims/${claim.id}`, '/review/manual-claims/:id');
  return fake;
}

const actions = () =>
  [...(screen.queryByTestId('claim-actions')?.querySelectorAll('button') ?? [])].map((b) => [b.getAttribute('data-testid'), (b as HTMLButtonElement).disabled]);

describe('manual claim file (一案一档)', () => {
  it('shows the claim, its invoices and records; a conclusion needs a record first', async () => {
    renderClaim();
    const claim = await screen.findByTestId('claim');
    expect(claim.textContent).toContain('¥68,000.00');
    expect(claim.textContent).toContain('剩 7 个工作日');
    expect(screen.getByTestId('claim-invoices').textContent).toContain('¥48,000.00');
    expect(actions()).toEqual([
      ['step-record', false],
      ['step-conclude', true],
    ]);
  });

  it('records an investigation step with its method and note', async () => {
    const claim = aManualClaim();
    const { calls } = renderClaim(claim, [
      { method: 'POST', path: `/api/v1/review/manual-claims/${claim.id}/records`, status: 201, body: aManualClaim({ records: [record] }) },
    ]);
    fireEvent.click(await screen.findByTestId('step-record'));
    const form = within(await screen.findByTestId('step-form'));
    fireEvent.change(form.getByLabelText('核查情况'), { target: { value: '电话核实住院经过属实' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ method: 'letter', note: '电话核实住院经过属实' }), slow);
  });

  it('proposes the conclusion, shows the server’s field error next to it', async () => {
    const claim = aManualClaim({ records: [record] });
    const { calls } = renderClaim(claim, [
      {
        method: 'POST',
        path: `/api/v1/review/manual-claims/${claim.id}/conclusion`,
        status: 400,
        body: problem(400, 'VALIDATION', 'conclusion: conclusion must be 4–4000 characters', {
          fields: [{ field: 'conclusion', reason: 'conclusion must be 4–4000 characters' }],
        }),
      },
    ]);
    expect(await screen.findByTestId('claim-records')).toBeTruthy();
    expect(screen.getByTestId('claim-records').textContent).toContain('电话核实');
    fireEvent.click(screen.getByTestId('step-conclude'));
    const form = within(await screen.findByTestId('step-form'));
    fireEvent.click(form.getByLabelText('不予报销'));
    fireEvent.change(form.getByLabelText('结论及理由'), { target: { value: '发票系伪造' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByText('conclusion must be 4–4000 characters', {}, slow)).closest('.ant-form-item')?.textContent).toContain('结论及理由');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ outcome: 'REJECT', conclusion: '发票系伪造' });
  });

  it('shows a pending conclusion with who proposed it and who must approve it, and offers no second one', async () => {
    const claim = aManualClaim({ records: [record] });
    renderClaim(claim, [{ method: 'GET', path: '/api/v1/approvals/review', status: 200, body: { ...noPending, items: [anApproval()], total: 1 } }]);
    const note = await screen.findByTestId('approval-note');
    expect(note.textContent).toContain('提出人: cs.reviewer');
    expect(note.textContent).toContain('须由以下角色的另一人审批: 市级经办人员');
    expect(actions()).toEqual([
      ['step-record', false],
      ['step-conclude', true],
    ]);
  });

  it('shows the decided conclusion named on the file; an auditor gets no actions', async () => {
    const approved = anApproval({
      status: 'APPROVED',
      decidedBy: { kind: 'user', id: 'id-cs.head', name: 'cs.head', roles: ['city-officer'], scope: '430100' },
      decidedAt: '2026-11-24T01:00:00Z',
    });
    const claim = aManualClaim({ status: 'APPROVED', approvalId: approved.id, conclusion: '材料齐全，同意报销', records: [record] });
    const { calls } = renderClaim(claim, [{ method: 'GET', path: `/api/v1/approvals/review/${approved.id}`, status: 200, body: approved }], ['auditor']);
    const note = await screen.findByTestId('approval-note');
    expect(note.textContent).toContain('审批人: cs.head');
    expect(screen.getByTestId('claim').textContent).toContain('材料齐全，同意报销');
    expect(actions()).toEqual([]);
    expect(calls.map((c) => c.url)).not.toContain('/api/v1/approvals/review?status=PENDING&limit=200');
  });
});
