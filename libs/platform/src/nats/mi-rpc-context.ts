import { BaseRpcContext } from '@nestjs/microservices';
import type { MsgHdrs } from '@nats-io/transport-node';

export interface JetStreamDelivery {
  stream: string;
  consumer: string;
  deliveryCount: number;
  streamSequence: number;
}

type Args = [subject: string, headers: MsgHdrs | undefined, delivery: JetStreamDelivery | undefined];

/** Context handed to `@Ctx()` in handlers of the platform's NATS transport. */
export class MiRpcContext extends BaseRpcContext<Args> {
  /** Subject without the deployment prefix. */
  getSubject(): string {
    return this.args[0];
  }

  getHeader(name: string): string | undefined {
    const v = this.args[1]?.get(name);
    return v === '' ? undefined : v;
  }

  /** JetStream delivery info; set for event handlers only. */
  getDelivery(): JetStreamDelivery | undefined {
    return this.args[2];
  }
}
