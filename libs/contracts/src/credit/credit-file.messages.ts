import type { CreditFileEntryView, CreditFileView } from '../messages/credit/get-credit-file/get-credit-file.message';

/** The service behind each context a credit entry can come from (`source` of an entry). */
export const CREDIT_SOURCE_SERVICES: Readonly<Record<string, string>> = Object.freeze({
  agreement: 'agreement-service',
  review: 'claims-review-service',
  credit: 'credit-service',
});

/** Where a credit-file entry came from: the event (or approval) id, its subject and the emitting service. */
export interface CreditEntrySource {
  eventId: string;
  /** NATS subject of the event (`evt.review.ViolationConfirmed` …); for credit's own decisions the action. */
  subject: string | null;
  service: string;
}

export interface CreditFileEntryDetailView extends CreditFileEntryView {
  source: CreditEntrySource;
  /** Ids that prove the entry (case, case number, deduction, settlement, approval …), as the source named them. */
  evidence: Record<string, string> | null;
}

/** Reply of `mi.v1.credit.get-credit-file`: the file with each entry's source and evidence. */
export interface CreditFileDetailView extends CreditFileView {
  entries: CreditFileEntryDetailView[];
}
