import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type AlertDetailView,
  type AlertFigures,
  type AlertSettlementView,
  type AlertStatus,
  type AlertView,
  ANOMALY_TYPES,
  type AnomalyDecidedPayload,
  type AnomalyDetectedPayload,
  AnomalyEventSubjects,
  type AnomalyType,
  type ClaimSettledEvent,
  type DecideAlertRequest,
  type ListAlertsRequest,
  type Page,
  type SetThresholdsRequest,
  type ThresholdsView,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, NotFoundError, scopeFilter } from '@mi/domain';
import { AuditService, canSee, pgArray, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SYSTEM_ACTOR } from '@mi/platform';
import { provinceOf } from '../knowledge/knowledge.service';
import {
  type AlertCandidate,
  checkParams,
  type DetectorParams,
  endOfDay,
  epochDay,
  largeExpenditure,
  mergeParams,
  outpatientDuringStay,
  personManySettlements,
  readmission,
  type SettlementFact,
  settlementBurst,
  startOfDay,
  youngAdultSpikeAround,
} from './detectors';
import { BatchFacts, type FactSource, FactStore } from './fact-store';

const OFFICERS = ['province-admin', 'city-officer', 'county-officer'] as const;
const READERS = [...OFFICERS, 'reviewer', 'auditor'] as const;

interface AlertRow {
  id: string;
  type: AnomalyType;
  poolarea: string;
  admdvs: string;
  institution_code: string | null;
  psn_no: string | null;
  subject_key: string;
  window_from: Date;
  window_to: Date;
  settlement_ids: string[];
  measured: AlertFigures;
  threshold: AlertFigures;
  explanation: string;
  status: AlertStatus;
  note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  detected_at: Date;
  updated_at: Date;
}

const ALERT_COLUMNS = `id::text as id, type, poolarea, admdvs, institution_code, psn_no, subject_key, window_from, window_to,
  to_json(settlement_ids) as settlement_ids, measured, threshold, explanation, status, note, decided_by, decided_at, detected_at, updated_at`;

const iso = (d: Date | string): string => new Date(d).toISOString();

function view(r: AlertRow): AlertView {
  return {
    id: r.id,
    alertId: r.id,
    type: r.type,
    poolarea: r.poolarea,
    admdvs: r.admdvs,
    institutionCode: r.institution_code,
    psnNo: r.psn_no,
    from: iso(r.window_from),
    to: iso(r.window_to),
    settlementIds: r.settlement_ids,
    measured: r.measured,
    threshold: r.threshold,
    explanation: r.explanation,
    status: r.status,
    note: r.note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
    detectedAt: iso(r.detected_at),
    updatedAt: iso(r.updated_at),
  };
}

function payloadOf(r: AlertRow): AnomalyDetectedPayload {
  const v = view(r);
  return {
    alertId: v.id,
    type: v.type,
    poolarea: v.poolarea,
    institutionCode: v.institutionCode,
    psnNo: v.psnNo,
    from: v.from,
    to: v.to,
    settlementIds: v.settlementIds,
    measured: v.measured,
    threshold: v.threshold,
    explanation: v.explanation,
  };
}

const plusDays = (date: string, days: number): string => new Date((epochDay(date) + days) * 86_400_000).toISOString().slice(0, 10);

/**
 * The facts a new settlement's detectors read: the person's settlements between two dates, the
 * institution's between two instants (settlement bursts) and its visits of some modes between two
 * days (young-adult share: every window containing the settlement's visit day, so from a window
 * before it to a window after it); null where no detector of the settlement needs them.
 */
function reach(
  f: SettlementFact,
  params: DetectorParams,
): { person: [string, string] | null; institution: [Date, Date] | null; visits: { modes: string[]; from: string; to: string } | null } {
  if (f.treatmentMode === null || f.setlTime === null) return { person: null, institution: null, visits: null };
  const days = Math.max(params.PERSON_MANY_SETTLEMENTS.windowDays, params.OUTPATIENT_DURING_STAY.maxStayDays + 1 + params.READMISSION_7D.maxGapDays);
  const burst = params.SETTLEMENT_BURST;
  const w = burst.windowMinutes * 60_000;
  const young = params.YOUNG_ADULT_INPATIENT_SPIKE;
  const day = f.begndate ?? f.setlDate;
  return {
    person: [plusDays(f.setlDate, -days), plusDays(f.setlDate, days)],
    institution: burst.treatmentModes.includes(f.treatmentMode) ? [new Date(f.setlTime - w), new Date(f.setlTime + w)] : null,
    visits:
      young.treatmentModes.includes(f.treatmentMode) && f.ageYears !== null
        ? { modes: young.treatmentModes, from: plusDays(day, -(young.windowDays - 1)), to: plusDays(day, young.windowDays - 1) }
        : null,
  };
}

/**
 * 智能监控预警 — feeds the fact store from ClaimSettled, runs the detectors with the city's
 * thresholds, and keeps one alert per (type, subject, window): a candidate overlapping an alert
 * of the same type and subject extends it while it is NEW, and changes nothing once decided.
 */
@Injectable()
export class AnomalyService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One ClaimSettled event in the caller's transaction; a repeated event or settlement does nothing. */
  ingest(em: EntityManager, consumer: string, e: ClaimSettledEvent): Promise<void> {
    return this.ingestAll(em, consumer, [e]);
  }

  /**
   * ClaimSettled events in the caller's transaction, with the same outcome as ingesting them one
   * by one in order (each settlement's detectors see the settlements before it, not after), but
   * with a handful of statements per run of settlements instead of several per settlement.
   */
  async ingestAll(em: EntityManager, consumer: string, events: readonly ClaimSettledEvent[]): Promise<void> {
    if (events.length === 0) return;
    const first = await em.execute<{ event_id: string }[]>(
      `insert into kb.inbox (consumer, event_id) select ?, e from unnest(?::uuid[]) as e on conflict do nothing returning event_id::text as event_id`,
      [consumer, pgArray(events.map((e) => e.id))],
    );
    const fresh = new Set(first.map((r) => r.event_id));
    const facts = new FactStore(em);
    const params = new Map<string, Promise<DetectorParams>>();
    const paramsOf = (poolarea: string): Promise<DetectorParams> => {
      let p = params.get(poolarea);
      if (!p) params.set(poolarea, (p = this.paramsFor(em, poolarea)));
      return p;
    };
    let run: ClaimSettledEvent[] = [];
    const flush = async (): Promise<void> => {
      const stored = await facts.recordAll(run);
      run = [];
      if (stored.length === 0) return;
      const byCity = new Map<string, DetectorParams>();
      for (const { fact } of stored) byCity.set(fact.poolarea, await paramsOf(fact.poolarea));
      const around = await BatchFacts.load(
        em,
        stored.map((s) => s.fact),
        (f) => reach(f, byCity.get(f.poolarea)!),
      );
      for (const { event, fact } of stored)
        for (const c of await this.detect(around.viewFor(fact), fact, byCity.get(fact.poolarea)!)) await this.raise(em, c, event.admdvs);
    };
    for (const e of events) {
      if (!fresh.delete(e.id)) continue; // repeated (earlier, or twice in this list)
      if (!e.payload.reversal) {
        run.push(e);
        continue;
      }
      await flush(); // a reversal marks its original: the settlements before it are judged first
      await facts.record(e);
    }
    await flush();
  }

  /** Runs every detector for a new fact; detectors needing the visit skip facts without one. */
  async detect(facts: FactSource, f: SettlementFact, params: DetectorParams): Promise<AlertCandidate[]> {
    const out: AlertCandidate[] = [];
    const large = largeExpenditure(f, params.LARGE_EXPENDITURE);
    if (large) out.push(large);
    const need = reach(f, params);
    if (!need.person) return out;
    const many = params.PERSON_MANY_SETTLEMENTS;
    const person = await facts.ofPerson(f.poolarea, f.psnNo, need.person[0], need.person[1]);
    const m = personManySettlements(
      f,
      person.filter((x) => Math.abs(epochDay(x.setlDate) - epochDay(f.setlDate)) < many.windowDays),
      many,
    );
    if (m) out.push(m);
    out.push(...outpatientDuringStay(f, person, params.OUTPATIENT_DURING_STAY));
    out.push(...readmission(f, person, params.READMISSION_7D));
    if (need.institution) {
      const b = settlementBurst(f, await facts.atInstitution(f.institutionCode, need.institution[0], need.institution[1]), params.SETTLEMENT_BURST);
      if (b) out.push(b);
    }
    if (need.visits) {
      const young = params.YOUNG_ADULT_INPATIENT_SPIKE;
      const { modes, from, to } = need.visits;
      const inst = await facts.atInstitutionOnDates(f.institutionCode, modes, from, to);
      const rest = await facts.restOfCityByDay(f.poolarea, f.institutionCode, modes, from, to, young.minAge, young.maxAge);
      const y = youngAdultSpikeAround(f, inst, rest, young);
      if (y) out.push(y);
    }
    return out;
  }

  /**
   * New alert, or the overlapping NEW alert of the same type and subject extended; each with its
   * audit row and event. The alert belongs to the institution's region (as its settlements carry
   * it; `admdvs` of the triggering event when none is stored yet), or to the city for a person.
   */
  async raise(em: EntityManager, c: AlertCandidate, admdvs: string): Promise<void> {
    let region = c.poolarea;
    if (c.institutionCode) {
      const [own] = await em.execute<{ admdvs: string }[]>('select admdvs from kb.settlement_fact where institution_code = ? limit 1', [c.institutionCode]);
      region = own?.admdvs ?? admdvs;
    }
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`kb.alert|${c.type}|${c.poolarea}|${c.subjectKey}`]);
    const [existing] = await em.execute<AlertRow[]>(
      `select ${ALERT_COLUMNS} from kb.anomaly_alert where type = ? and poolarea = ? and subject_key = ? and window_from <= ? and window_to >= ?
        order by window_from limit 1 for update`,
      [c.type, c.poolarea, c.subjectKey, c.to, c.from],
    );
    const now = this.clock.now();
    if (!existing) {
      const id = newUuidV7();
      const [row] = await em.execute<AlertRow[]>(
        `insert into kb.anomaly_alert (id, type, poolarea, admdvs, institution_code, psn_no, subject_key, window_from, window_to, settlement_ids,
           measured, threshold, explanation, status, detected_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?, ?, ?, 'NEW', ?, ?) returning ${ALERT_COLUMNS}`,
        [
          id,
          c.type,
          c.poolarea,
          region,
          c.institutionCode,
          c.psnNo,
          c.subjectKey,
          c.from,
          c.to,
          `{${c.settlementIds.join(',')}}`,
          JSON.stringify(c.measured),
          JSON.stringify(c.threshold),
          c.explanation,
          now,
          now,
        ],
      );
      await this.audit.record(em, { action: 'kb.anomaly-detected', targetType: 'anomaly-alert', targetId: id, admdvs: region, actor: SYSTEM_ACTOR, after: c });
      await this.outbox.add<AnomalyDetectedPayload>(em, {
        subject: AnomalyEventSubjects.AnomalyDetected,
        type: 'AnomalyDetected',
        admdvs: region,
        aggregateId: id,
        payload: payloadOf(row),
      });
      return;
    }
    const added = c.settlementIds.filter((s) => !existing.settlement_ids.includes(s));
    if (existing.status !== 'NEW' || added.length === 0) return;
    const ids = [...existing.settlement_ids, ...added];
    const from = new Date(Math.min(new Date(existing.window_from).getTime(), Date.parse(c.from)));
    const to = new Date(Math.max(new Date(existing.window_to).getTime(), Date.parse(c.to)));
    // The figures of the stronger finding stand (the candidate covering at least as many settlements).
    const stronger = c.settlementIds.length >= existing.settlement_ids.length;
    const [row] = await em.execute<AlertRow[]>(
      `update kb.anomaly_alert set settlement_ids = ?::uuid[], window_from = ?, window_to = ?, measured = ?, threshold = ?, explanation = ?, updated_at = ?
        where id = ? returning ${ALERT_COLUMNS}`,
      [
        `{${ids.join(',')}}`,
        from,
        to,
        JSON.stringify(stronger ? c.measured : existing.measured),
        JSON.stringify(stronger ? c.threshold : existing.threshold),
        stronger ? c.explanation : existing.explanation,
        now,
        existing.id,
      ],
    );
    await this.audit.record(em, {
      action: 'kb.anomaly-extended',
      targetType: 'anomaly-alert',
      targetId: existing.id,
      admdvs: existing.admdvs,
      actor: SYSTEM_ACTOR,
      before: { from: iso(existing.window_from), to: iso(existing.window_to), settlementIds: existing.settlement_ids },
      after: { from: iso(from), to: iso(to), settlementIds: ids },
    });
    await this.outbox.add<AnomalyDetectedPayload>(em, {
      subject: AnomalyEventSubjects.AnomalyExtended,
      type: 'AnomalyExtended',
      admdvs: existing.admdvs,
      aggregateId: existing.id,
      payload: payloadOf(row),
    });
  }

  // ------------------------------------------------------------------ queries and decisions

  async list(req: ListAlertsRequest): Promise<Page<AlertView>> {
    const actor = currentActor();
    requireRole(actor, [...READERS], 'list anomaly alerts');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (cond: string, value: unknown): void => {
      where.push(cond);
      params.push(value);
    };
    add('admdvs like ?', `${scopeFilter(actor.scope).prefix}%`);
    if (req.poolarea) {
      const city = Admdvs.parse(req.poolarea, 'poolarea').poolingRegion().code;
      requireScope(actor, city, `alerts of ${city}`);
      add('poolarea = ?', city);
    }
    if (req.type) add('type = ?', req.type);
    if (req.status) add('status = ?', req.status);
    if (req.institutionCode) add('institution_code = ?', req.institutionCode);
    if (req.from) add('window_to >= ?', startOfDay(req.from));
    if (req.to) add('window_from <= ?', endOfDay(req.to));
    if (req.from && req.to && req.from > req.to) throw new DomainError('VALIDATION', 'to: must not be before from', { field: 'to', reason: 'before from' });
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const em = this.orm.em.fork();
    const cond = where.join(' and ');
    const [{ n }] = await em.execute<{ n: string }[]>(`select count(*)::text as n from kb.anomaly_alert where ${cond}`, params);
    const rows = await em.execute<AlertRow[]>(
      `select ${ALERT_COLUMNS} from kb.anomaly_alert where ${cond} order by window_from desc, id desc limit ? offset ?`,
      [...params, limit, offset],
    );
    return { items: rows.map(view), total: Number(n), limit, offset };
  }

  async get(id: string): Promise<AlertDetailView> {
    const actor = currentActor();
    requireRole(actor, [...READERS], 'read an anomaly alert');
    const em = this.orm.em.fork();
    const row = await this.visible(em, id, false);
    const settlements = await em.execute<
      {
        settlement_id: string;
        setl_id: string;
        mdtrt_id: string;
        psn_no: string;
        institution_code: string;
        setl_date: string;
        setl_time: Date | null;
        treatment_mode: string | null;
        gend: string | null;
        age_years: number | null;
        begndate: string | null;
        enddate: string | null;
        medfee_sumamt_fen: string;
        reversed_by: string | null;
      }[]
    >(
      `select settlement_id::text as settlement_id, setl_id, mdtrt_id, psn_no, institution_code, setl_date::text as setl_date, setl_time, treatment_mode,
         gend, age_years, begndate::text as begndate, enddate::text as enddate, medfee_sumamt_fen::text as medfee_sumamt_fen, reversed_by
         from kb.settlement_fact where settlement_id = any(?::uuid[]) order by setl_date, setl_time nulls first, setl_id`,
      [`{${row.settlement_ids.join(',')}}`],
    );
    const linked: AlertSettlementView[] = settlements.map((s) => ({
      settlementId: s.settlement_id,
      setlId: s.setl_id,
      mdtrtId: s.mdtrt_id,
      psnNo: s.psn_no,
      institutionCode: s.institution_code,
      setlDate: s.setl_date,
      setlTime: s.setl_time ? iso(s.setl_time) : null,
      treatmentMode: s.treatment_mode,
      gend: s.gend,
      ageYears: s.age_years,
      begndate: s.begndate,
      enddate: s.enddate,
      medfeeSumamtFen: s.medfee_sumamt_fen,
      reversed: s.reversed_by !== null,
    }));
    return { ...view(row), settlements: linked };
  }

  /** NEW → CONFIRMED or DISMISSED by an officer of the alert's region, with a note; audited and published. */
  async decide(req: DecideAlertRequest): Promise<AlertView> {
    const actor = currentActor();
    requireRole(actor, [...OFFICERS], 'decide an anomaly alert');
    const note = req.note.trim();
    if (note.length < 2) throw new DomainError('VALIDATION', 'note: must say why (at least 2 characters)', { field: 'note', reason: 'empty' });
    return this.orm.em.fork().transactional(async (em) => {
      const row = await this.visible(em, req.id, true);
      if (row.status !== 'NEW')
        throw new ConflictError('KB.ALERT_ALREADY_DECIDED', `alert ${row.id} is already ${row.status} (by ${row.decided_by ?? '?'})`, {
          field: 'id',
          status: row.status,
        });
      const status = req.decision === 'CONFIRM' ? 'CONFIRMED' : 'DISMISSED';
      const now = this.clock.now();
      const [after] = await em.execute<AlertRow[]>(
        `update kb.anomaly_alert set status = ?, note = ?, decided_by = ?, decided_at = ?, updated_at = ? where id = ? returning ${ALERT_COLUMNS}`,
        [status, note, actor.username, now, now, row.id],
      );
      await this.audit.record(em, {
        action: status === 'CONFIRMED' ? 'kb.anomaly-confirmed' : 'kb.anomaly-dismissed',
        targetType: 'anomaly-alert',
        targetId: row.id,
        admdvs: row.admdvs,
        before: { status: row.status },
        after: { status, note },
      });
      await this.outbox.add<AnomalyDecidedPayload>(em, {
        subject: status === 'CONFIRMED' ? AnomalyEventSubjects.AnomalyConfirmed : AnomalyEventSubjects.AnomalyDismissed,
        type: status === 'CONFIRMED' ? 'AnomalyConfirmed' : 'AnomalyDismissed',
        admdvs: row.admdvs,
        aggregateId: row.id,
        payload: { ...payloadOf(after), status, note, decidedBy: actor.username, decidedAt: now.toISOString() },
      });
      return view(after);
    });
  }

  private async visible(em: EntityManager, id: string, lock: boolean): Promise<AlertRow> {
    const [row] = await em.execute<AlertRow[]>(`select ${ALERT_COLUMNS} from kb.anomaly_alert where id = ?${lock ? ' for update' : ''}`, [id]);
    if (!row || !canSee(currentActor(), row.admdvs)) throw new NotFoundError('anomaly alert', id);
    return row;
  }

  // ------------------------------------------------------------------ thresholds (per region, as data)

  /** Parameters in force for a city: defaults ← province ← city. */
  async paramsFor(em: EntityManager, poolarea: string): Promise<DetectorParams> {
    const layers = await this.layers(em, poolarea);
    const out = {} as Record<AnomalyType, unknown>;
    for (const type of ANOMALY_TYPES) out[type] = mergeParams(type, ...layers.map((l) => (l.get(type) ?? {}) as never));
    return out as unknown as DetectorParams;
  }

  async thresholds(regionCode: string): Promise<ThresholdsView> {
    const region = Admdvs.parse(regionCode, 'region');
    requireScope(currentActor(), region.code, `anomaly thresholds of ${region.code}`);
    const city = region.level === 'province' ? region.code : region.poolingRegion().code;
    const em = this.orm.em.fork();
    const layers = await this.layers(em, city);
    const params = await this.paramsFor(em, city);
    const [provinceLayer, cityLayer] = layers;
    return {
      region: city,
      detectors: ANOMALY_TYPES.map((type) => ({
        type,
        params: params[type] as unknown as Record<string, unknown>,
        source: cityLayer?.has(type) ? city : provinceLayer.has(type) ? provinceOf(city) : 'default',
      })),
    };
  }

  /** Sets one detector's parameters of a province or city (replacing that region's earlier values); audited and published. */
  async setThresholds(req: SetThresholdsRequest): Promise<ThresholdsView> {
    const actor = currentActor();
    const region = Admdvs.parse(req.region, 'region');
    if (region.level === 'county')
      throw new DomainError('VALIDATION', 'region: thresholds are kept per province or city', { field: 'region', reason: 'county' });
    requireRole(actor, region.level === 'province' ? ['province-admin'] : ['province-admin', 'city-officer'], 'set anomaly thresholds');
    requireScope(actor, region.code, `anomaly thresholds of ${region.code}`);
    const checked = checkParams(req.type, req.params);
    await this.orm.em.fork().transactional(async (em) => {
      const [before] = await em.execute<{ params: Record<string, unknown> }[]>(
        'select params from kb.anomaly_threshold where region = ? and type = ? for update',
        [region.code, req.type],
      );
      const province = region.level === 'province' ? [] : [((await this.layers(em, region.code))[0].get(req.type) ?? {}) as never];
      mergeParams(req.type, ...province, checked as never); // cross-field checks on what would be in force
      await em.execute(
        `insert into kb.anomaly_threshold (region, type, params, updated_by, updated_at) values (?, ?, ?, ?, ?)
         on conflict (region, type) do update set params = excluded.params, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [region.code, req.type, JSON.stringify(checked), actor.username, this.clock.now()],
      );
      await this.audit.record(em, {
        action: 'kb.set-anomaly-thresholds',
        targetType: 'anomaly-threshold',
        targetId: `${region.code}/${req.type}`,
        admdvs: region.code,
        before: before?.params ?? null,
        after: checked,
        detail: { reason: req.reason },
      });
      await this.outbox.add(em, {
        subject: AnomalyEventSubjects.AnomalyThresholdsChanged,
        type: 'AnomalyThresholdsChanged',
        admdvs: region.code,
        aggregateId: `${region.code}/${req.type}`,
        payload: { region: region.code, type: req.type, params: checked, reason: req.reason },
      });
    });
    return this.thresholds(region.code);
  }

  /** [province layer, city layer] of stored parameters per detector. */
  private async layers(em: EntityManager, city: string): Promise<Map<AnomalyType, Record<string, unknown>>[]> {
    const province = provinceOf(city);
    const rows = await em.execute<{ region: string; type: AnomalyType; params: Record<string, unknown> }[]>(
      'select region, type, params from kb.anomaly_threshold where region in (?)',
      [[province, city]],
    );
    const layer = (r: string) => new Map(rows.filter((x) => x.region === r).map((x) => [x.type, x.params]));
    return city === province ? [layer(province)] : [layer(province), layer(city)];
  }
}
