/**
 * NATS subjects. Request/reply: `mi.v1.<context>.<verb>` (core NATS, queue group = service name).
 * Events: `evt.<context>.<EventName>` on JetStream stream `MI_EVENTS`.
 * Never write a subject literal at a call site; import it from here.
 * At runtime every subject is prefixed with the deployment's subject prefix (empty in
 * production, unique per test file) by @mi/platform.
 */
export const Subjects = {
  agreement: {
    /** gateway → agreement-service: add an institution to the registry (定点医药机构登记). */
    registerInstitution: 'mi.v1.agreement.register-institution',
    /** any → agreement-service: one institution by code. */
    getInstitution: 'mi.v1.agreement.get-institution',
  },
  credit: {
    /** gateway → credit-service: the credit file (一户一档) of an institution or practitioner. */
    getCreditFile: 'mi.v1.credit.get-credit-file',
    /** gateway → credit-service: the region's credit files, riskiest first (风险排名). */
    creditRanking: 'mi.v1.credit.ranking',
  },
  system: {
    /** any → any service: liveness over NATS; answers `{ service, instance }`. */
    ping: (service: string) => `mi.v1.${service}.ping`,
  },
} as const;

/** Event subjects, `evt.<context>.<EventName>`. */
export const EventSubjects = {
  agreement: {
    InstitutionRegistered: 'evt.agreement.InstitutionRegistered',
  },
} as const;

/** JetStream stream names (suffixed per test prefix by @mi/platform). */
export const Streams = {
  events: 'MI_EVENTS',
  deadLetter: 'MI_DLQ',
} as const;

/** Subject of a dead-lettered event: `dlq.<consumer>.<original subject>`. */
export function deadLetterSubject(consumer: string, subject: string): string {
  return `dlq.${consumer}.${subject}`;
}

/** NATS header names the platform sets and reads. */
export const Headers = {
  requestId: 'x-request-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  /** Signed caller identity (user or HIS client, role, region scope); see the security issue. */
  actor: 'x-mi-actor',
  deadline: 'x-mi-deadline',
  msgId: 'Nats-Msg-Id',
} as const;
