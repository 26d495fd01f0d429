import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AgreementSubjects,
  type AgreementView,
  type ApplicationView,
  approvalSubjects,
  type ApprovalView,
  type InstitutionView,
  type FieldError,
  flattenValidationErrors,
  type ProposalReply,
  STRICT_VALIDATION_OPTIONS,
  Subjects,
} from '@mi/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Clock } from '@mi/domain';
import { type MiNatsClient, NATS_CONNECTION, OutboxRelay, type PortalActor, type RunningProcess } from '@mi/platform';
import { jetstreamManager } from '@nats-io/jetstream';
import { asActor, aUscc, aUser, startTestService, type TestInfra, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { AgreementConfig } from '../src/config';

/** Two different officers of Fuzhou (350100): maker and checker of the four-eyes decisions. */
export const maker = aUser({ id: 'u-maker', username: 'maker', scope: '350100', roles: ['city-officer'] });
export const checker = aUser({ id: 'u-checker', username: 'checker', scope: '350100', roles: ['city-officer'] });
export const changsha = aUser({ id: 'u-cs', username: 'changsha', scope: '430100', roles: ['city-officer'] });

export const ALL_SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'];
export const PHARMACY_MATERIALS = [
  'application-form',
  'licences',
  'staff-roster',
  'product-list-ledger',
  'inspection-certificates',
  'premises',
  'last-year-accounts',
];
export const MEDICAL_MATERIALS = [
  'application-form',
  'practice-licence',
  'staff-roster',
  'insurance-management',
  'his-interface',
  'premises',
  'last-year-accounts',
];

export function pharmacyFacts(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { openedOn: '2024-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: ALL_SYSTEMS, ...over };
}

export function hospitalFacts(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    openedOn: '2020-05-01',
    ownership: 'public',
    beds: 300,
    firstRegisteredPhysicians: 40,
    insuranceDepartment: true,
    informationSystems: ALL_SYSTEMS,
    ...over,
  };
}

/** Registers an institution (as the platform) with the licences its type needs. */
export async function registerInstitution(
  client: MiNatsClient,
  code: string,
  type: 'pharmacy' | 'hospital' = 'pharmacy',
  admdvs = '350102',
): Promise<InstitutionView> {
  const view = await client.request<InstitutionView>(Subjects.agreement.registerInstitution, {
    code,
    name: type === 'pharmacy' ? `福州${code.slice(-3)}大药房` : `福州市第${code.slice(-1)}医院`,
    type,
    level: type === 'pharmacy' ? '0' : '3A',
    admdvs,
    uscc: aUscc({ region: admdvs, serial: Number(code.slice(-5)) }),
  });
  // The licences its type needs for admission, in force 2020–2030.
  for (const kind of type === 'pharmacy' ? ['drug-trade', 'business', 'gsp'] : ['practice']) {
    await client.request(AgreementSubjects.addLicence, {
      institutionCode: code,
      kind,
      number: `${kind}-${code}`,
      issuedOn: '2020-01-01',
      expiresOn: '2030-12-31',
    });
  }
  return view;
}

export async function approve(client: MiNatsClient, approvalId: string, by = checker): Promise<ApprovalView> {
  return asActor(by, () => client.request<ApprovalView>(approvalSubjects('agreement').decide, { id: approvalId, decision: 'approve' }));
}

/** Registry → application (complete) → evaluation 3/3 → signing proposed and approved. */
export async function designate(
  client: MiNatsClient,
  code: string,
  o: {
    type?: 'pharmacy' | 'hospital';
    facts?: Record<string, unknown>;
    validFrom?: string;
    /** 乙方签章 recorded with the proposal. */
    signatory?: { name: string; position: string; signedOn: string };
    /** Region of the institution and the two officers of its city (default Fuzhou 350102, maker, checker). */
    admdvs?: string;
    officers?: { maker: PortalActor; checker: PortalActor };
  } = {},
): Promise<AgreementView> {
  const type = o.type ?? 'pharmacy';
  const officers = o.officers ?? { maker, checker };
  await registerInstitution(client, code, type, o.admdvs);
  return asActor(officers.maker, async () => {
    const app = await client.request<ApplicationView>(AgreementSubjects.submitApplication, {
      institutionCode: code,
      materials: type === 'pharmacy' ? PHARMACY_MATERIALS : MEDICAL_MATERIALS,
      facts: o.facts ?? (type === 'pharmacy' ? pharmacyFacts() : hospitalFacts()),
    });
    await client.request(AgreementSubjects.evaluateApplication, {
      id: app.id,
      team: ['a', 'b', 'c'],
      votes: [
        { member: 'a', inFavour: true },
        { member: 'b', inFavour: true },
        { member: 'c', inFavour: true },
      ],
    });
    const proposal = await client.request<ProposalReply>(AgreementSubjects.proposeSigning, {
      applicationId: app.id,
      ...(o.validFrom ? { validFrom: o.validFrom } : {}),
      ...(o.signatory ? { institutionSignatory: o.signatory } : {}),
      indicators: { westernStockingRatePct: 80, patentChineseStockingRatePct: 60, selfPayRatioPct: 10 },
      reason: '评估合格，签订服务协议',
    });
    const decided = await approve(client, proposal.approvalId, officers.checker);
    return decided.result as AgreementView;
  });
}

/** The field errors of an event as its consumers validate it (empty = valid). */
export function eventErrors(cls: new () => object, event: unknown): FieldError[] {
  return flattenValidationErrors(validateSync(plainToInstance(cls, event) as object, STRICT_VALIDATION_OPTIONS));
}

/**
 * Starts agreement-service in-process and waits until the NATS server has its subscriptions:
 * `startService` resolves once the responders subscribed, but the SUBs may still be in flight on
 * the service's connection, and a request from the test's connection can overtake them
 * ("no service answers") on a loaded machine. A flush round trip closes that window.
 */
export async function startAgreementService(
  infra: TestInfra,
  clock: Clock | undefined,
  extraEnv: Record<string, string | number> = {},
): Promise<RunningProcess<AgreementConfig>> {
  const sut = await startTestService(infra, AppModule, AgreementConfig, 'agreement-service', {
    ...(clock ? { clock } : {}),
    extraEnv: { SWEEP_INTERVAL_MS: 0, BLACKLIST_SOURCE: 'none', ...extraEnv },
  });
  await sut.get<NatsConnection>(NATS_CONNECTION).flush();
  return sut;
}

/** Waits until agreement-service's durable consumer of `subject` has taken and acknowledged every published event. */
export async function consumed(infra: TestInfra, subject: string): Promise<void> {
  const jsm = await jetstreamManager(infra.nats.nc);
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(infra.nats.resolver.eventsStream, infra.nats.resolver.durableName('agreement-service', subject));
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    10_000,
    `${subject} consumed`,
  );
}

/** Every event published on `subject` so far (the outbox drained first), oldest first. */
export async function publishedEvents<T = { type: string; aggregateId: string; payload: Record<string, unknown> }>(
  sut: RunningProcess<AgreementConfig>,
  infra: TestInfra,
  subject: string,
): Promise<T[]> {
  await sut.get(OutboxRelay).drain();
  const jsm = await jetstreamManager(infra.nats.nc);
  const stream = infra.nats.resolver.eventsStream;
  const { state } = await jsm.streams.info(stream);
  const wanted = infra.nats.resolver.subject(subject);
  const out: T[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq });
    if (msg?.subject === wanted) out.push(msg.json<T>());
  }
  return out;
}
