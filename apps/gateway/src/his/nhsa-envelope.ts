import { randomInt } from 'node:crypto';

/**
 * NHSA response envelope (NHSA-INTERFACES.md §3): `infcode` is a JSON number (0 ok, -1 failure),
 * `inf_refmsgid` = receiver admdvs(6) + yyyyMMddHHmmss(14) + serial(10), times as
 * yyyyMMddHHmmssSSS. Errors are HTTP 200 with `err_msg` — HIS clients read only the body.
 */
export interface NhsaResponse {
  infcode: 0 | -1;
  inf_refmsgid: string;
  refmsg_time: string;
  respond_time: string;
  err_msg: string | null;
  output: Record<string, unknown>;
}

let serial = randomInt(0, 1_000_000_000);

/** Beijing time parts of an instant (the NHSA wire uses local time, UTC+8, no DST). */
function beijing(at: Date): { date: string; time: string; ms: string } {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return { date: t.slice(0, 10), time: t.slice(11, 19), ms: t.slice(20, 23) };
}

export function stamp17(at: Date): string {
  const b = beijing(at);
  return `${b.date.replace(/-/g, '')}${b.time.replace(/:/g, '')}${b.ms}`;
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function nhsaDateTime(at: Date): string {
  const b = beijing(at);
  return `${b.date} ${b.time}`;
}

export function refMsgId(receiverAdmdvs: string, at: Date): string {
  serial = (serial + 1) % 10_000_000_000;
  return `${receiverAdmdvs}${stamp17(at).slice(0, 14)}${String(serial).padStart(10, '0')}`;
}

export function nhsaOk(receiverAdmdvs: string, received: Date, now: Date, output: Record<string, unknown>): NhsaResponse {
  return { infcode: 0, inf_refmsgid: refMsgId(receiverAdmdvs, now), refmsg_time: stamp17(received), respond_time: stamp17(now), err_msg: null, output };
}

export function nhsaError(receiverAdmdvs: string, received: Date, now: Date, message: string): NhsaResponse {
  return {
    infcode: -1,
    inf_refmsgid: refMsgId(receiverAdmdvs, now),
    refmsg_time: stamp17(received),
    respond_time: stamp17(now),
    err_msg: message.slice(0, 200),
    output: {},
  };
}
