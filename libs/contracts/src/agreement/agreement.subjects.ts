/**
 * NATS subjects of the agreement context (定点协议管理) beyond the institution registry, which keeps
 * its two subjects in `Subjects.agreement`. Request/reply: gateway or any service → agreement-service.
 */
export const AgreementSubjects = {
  /** gateway → agreement-service: paginated institutions in the caller's region (type, level, region, status, licence expiry). */
  listInstitutions: 'mi.v1.agreement.list-institutions',
  /** gateway → agreement-service: add a licence (许可证) with its expiry to a registered institution. */
  addLicence: 'mi.v1.agreement.add-licence',
  /** gateway → agreement-service: licences of one institution, or those expiring soon in the caller's region. */
  listLicences: 'mi.v1.agreement.list-licences',
  /** gateway → agreement-service: register a 医保医师/药师. */
  registerPractitioner: 'mi.v1.agreement.register-practitioner',
  /** gateway → agreement-service: paginated practitioners in the caller's region. */
  listPractitioners: 'mi.v1.agreement.list-practitioners',
  /** gateway → agreement-service: bind a settlement terminal (institution + IP + PSAM card + cashier). */
  bindTerminal: 'mi.v1.agreement.bind-terminal',
  /** gateway → agreement-service: unbind a settlement terminal. */
  unbindTerminal: 'mi.v1.agreement.unbind-terminal',
  /** gateway → agreement-service: paginated terminals in the caller's region. */
  listTerminals: 'mi.v1.agreement.list-terminals',
  /** gateway → agreement-service: submit an application for designation (申请). */
  submitApplication: 'mi.v1.agreement.submit-application',
  /** gateway → agreement-service: supply materials listed as missing. */
  supplementApplication: 'mi.v1.agreement.supplement-application',
  /** gateway → agreement-service: record the evaluation team's votes (评估). */
  evaluateApplication: 'mi.v1.agreement.evaluate-application',
  /** gateway → agreement-service: record fraud found in an application (bars re-application 3 years). */
  recordApplicationFraud: 'mi.v1.agreement.record-application-fraud',
  /** gateway → agreement-service: paginated applications in the caller's region, by status. */
  listApplications: 'mi.v1.agreement.list-applications',
  /** gateway → agreement-service: one application. */
  getApplication: 'mi.v1.agreement.get-application',
  /** gateway → agreement-service: propose signing (maker-checker) an agreement for a passed application. */
  proposeSigning: 'mi.v1.agreement.propose-signing',
  /** gateway → agreement-service: propose a suspension (maker-checker). */
  proposeSuspension: 'mi.v1.agreement.propose-suspension',
  /** gateway → agreement-service: propose extending the running suspension (maker-checker). */
  proposeExtension: 'mi.v1.agreement.propose-extension',
  /** gateway → agreement-service: propose a termination on one of the 14 grounds (maker-checker). */
  proposeTermination: 'mi.v1.agreement.propose-termination',
  /** gateway → agreement-service: the institution's own request to suspend (≤180 days). */
  requestVoluntarySuspension: 'mi.v1.agreement.request-voluntary-suspension',
  /** gateway → agreement-service: the institution's own termination, 3 months ahead (AGR-08). */
  requestVoluntaryTermination: 'mi.v1.agreement.request-voluntary-termination',
  /** gateway → agreement-service: withdraw the institution's scheduled termination before it takes effect. */
  withdrawVoluntaryTermination: 'mi.v1.agreement.withdraw-voluntary-termination',
  /** gateway → agreement-service: the institution asks to resume from its voluntary suspension. */
  requestResumption: 'mi.v1.agreement.request-resumption',
  /** gateway → agreement-service: one agreement with its suspensions. */
  getAgreement: 'mi.v1.agreement.get-agreement',
  /** claims-review-service → agreement-service: the indicators of the agreements in force on some day of a window (indicator assessment). */
  indicatorsInForce: 'mi.v1.agreement.indicators-in-force',
  /** gateway → agreement-service: paginated agreements in the caller's region. */
  listAgreements: 'mi.v1.agreement.list-agreements',
  /** gateway → agreement-service: deduct points (12分制) from a pharmacy or practitioner. */
  deductPoints: 'mi.v1.agreement.deduct-points',
  /** gateway → agreement-service: points of a pharmacy or practitioner in a year, with history. */
  getPoints: 'mi.v1.agreement.get-points',
  /** gateway → agreement-service: 记分建议 from confirmed review violations awaiting an officer. */
  listPointsProposals: 'mi.v1.agreement.list-points-proposals',
  /** gateway → agreement-service: confirm (→ deduction) or dismiss a 记分建议. */
  decidePointsProposal: 'mi.v1.agreement.decide-points-proposal',
  /** gateway → agreement-service: apply for a change of major information (AGR-06; maker-checker). */
  submitInfoChange: 'mi.v1.agreement.submit-info-change',
  /** gateway → agreement-service: applied changes of major information of one institution. */
  listInfoChanges: 'mi.v1.agreement.list-info-changes',
  /** gateway → agreement-service: published decisions (公示/公告) of the caller's city, newest first. */
  listPublications: 'mi.v1.agreement.list-publications',
  /** claims-review-service / gateway HIS → agreement-service: may this settlement go ahead? */
  settlementEligibility: 'mi.v1.agreement.settlement-eligibility',
} as const;

/** Events published by agreement-service, `evt.agreement.<EventName>`. */
export const AgreementEventSubjects = {
  /** 准入 — an institution's first agreement from a designation was signed (not a renewal). */
  InstitutionAdmitted: 'evt.agreement.InstitutionAdmitted',
  AgreementSigned: 'evt.agreement.AgreementSigned',
  AgreementSuspended: 'evt.agreement.AgreementSuspended',
  AgreementResumed: 'evt.agreement.AgreementResumed',
  AgreementTerminated: 'evt.agreement.AgreementTerminated',
  AgreementExpired: 'evt.agreement.AgreementExpired',
  /** The institution's own termination was scheduled (AGR-08), or withdrawn before it took effect. */
  VoluntaryTerminationScheduled: 'evt.agreement.VoluntaryTerminationScheduled',
  VoluntaryTerminationWithdrawn: 'evt.agreement.VoluntaryTerminationWithdrawn',
  PointsDeducted: 'evt.agreement.PointsDeducted',
  /** A change of major information was approved and applied (AGR-06), with its timeliness. */
  InstitutionInfoChanged: 'evt.agreement.InstitutionInfoChanged',
  /** A settlement terminal was bound to institution + IP + PSAM card + cashier (结算终端绑定). */
  TerminalBound: 'evt.agreement.TerminalBound',
  /** A settlement terminal was unbound: settlements through its PSAM card are refused from then on. */
  TerminalUnbound: 'evt.agreement.TerminalUnbound',
  /** Registry changes of practitioners that settlement eligibility depends on (registration, credit black list). */
  RegistryChanged: 'evt.agreement.RegistryChanged',
} as const;

/** Event subjects every replica listens to (core NATS, no queue group) to keep its eligibility cache correct. */
export const AGREEMENT_EVENTS_WILDCARD = 'evt.agreement.>';
