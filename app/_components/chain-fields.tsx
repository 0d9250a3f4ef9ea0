'use client';

import { useTranslations } from 'use-intl';
import { Field } from './field';

type Person = { id: string; fullNameTh: string; position: string };

/** Reviewers in order, then the signer: the review chain as a letter's owner or the agency's admin sets it. */
export function ChainFields({ people, signers, reviewers, onReviewers, signerId, onSigner, signerRequired = false }: {
  people: Person[]; signers: Person[]; reviewers: string[]; onReviewers: (ids: string[]) => void; signerId: string; onSigner: (id: string) => void; signerRequired?: boolean;
}) {
  const t = useTranslations();
  const option = (p: Person) => <option key={p.id} value={p.id}>{p.fullNameTh}{p.position && ` — ${p.position}`}</option>;
  const options = people.map(option);
  return (
    <>
      <fieldset>
        <legend>{t('outgoing.reviewers')}</legend>
        {reviewers.map((r, i) => (
          <div className="row" key={i}>
            <select aria-label={`${t('outgoing.reviewers')} ${i + 1}`} value={r} onChange={(e) => onReviewers(reviewers.map((x, j) => (j === i ? e.target.value : x)))}>
              <option value="">{t('letter.choose')}</option>{options}
            </select>
            <button type="button" className="secondary" onClick={() => onReviewers(reviewers.filter((_, j) => j !== i))}>{t('outgoing.remove')}</button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => onReviewers([...reviewers, ''])}>{t('outgoing.addReviewer')}</button>
      </fieldset>
      <Field label={t('outgoing.signer')}>
        <select value={signerId} onChange={(e) => onSigner(e.target.value)} required={signerRequired}>
          <option value="">{t('letter.choose')}</option>{signers.map(option)}
        </select>
      </Field>
    </>
  );
}
