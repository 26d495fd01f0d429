import { randomBytes } from 'node:crypto';
import { canonicalRequest, compatibleSignature, strongSignature } from '@mi/platform';

export interface HisCredential {
  paasId: string;
  paasToken: string;
  mode: 'compatible' | 'strong';
  algorithm?: 'HMAC-SHA256' | 'HMAC-SM3';
}

export interface HisCallOptions {
  /** Put infno in the path (`…/callService/9001`) as some HIS clients do. */
  infnoInPath?: boolean;
  nonce?: string;
  timestamp?: number;
  /** Override the computed signature (negative tests). */
  signature?: string;
  /** Send these raw bytes instead of the JSON of the envelope. */
  rawBody?: string;
}

/**
 * A HIS as hospitals run it: builds the NHSA envelope, signs with the x-tif headers (compatible
 * SHA-256 or strong HMAC) and posts to the national path. For tests, the scenario and benchmarks.
 */
export class HisTestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly institutionCode: string,
    public credential: HisCredential,
  ) {}

  envelope(infno: string, input: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
    const now = new Date(Date.now() + 8 * 3600_000).toISOString();
    return {
      infno,
      msgid: `${this.institutionCode}${now.slice(0, 19).replace(/\D/g, '')}${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
      mdtrtarea_admvs: this.institutionCode.slice(1, 7),
      insuplc_admdvs: this.institutionCode.slice(1, 7),
      recer_sys_code: 'YBXT',
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: 'V1.0',
      opter_type: '1',
      opter: '0001',
      opter_name: '收费员',
      inf_time: `${now.slice(0, 10)} ${now.slice(11, 19)}`,
      fixmedins_code: this.institutionCode,
      fixmedins_name: '测试医院',
      sign_no: '',
      input,
      ...over,
    };
  }

  async call(envelope: Record<string, unknown>, o: HisCallOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const path = `/fsi/api/rsfComIfsService/callService${o.infnoInPath ? `/${String(envelope.infno)}` : ''}`;
    const body = o.rawBody ?? JSON.stringify(envelope);
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = o.nonce ?? randomBytes(12).toString('hex');
    const c = this.credential;
    const signature =
      o.signature ??
      (c.mode === 'compatible'
        ? compatibleSignature(timestamp, c.paasToken, nonce)
        : strongSignature(c.algorithm ?? 'HMAC-SHA256', c.paasToken, canonicalRequest({ method: 'POST', path, timestamp, nonce, body })));
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tif-paasid': c.paasId,
        'x-tif-timestamp': timestamp,
        'x-tif-nonce': nonce,
        'x-tif-signature': signature,
      },
      body,
    });
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { unparsable: text };
    }
    return { status: res.status, body: parsed };
  }
}
