import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ComplaintIdRequest,
  type ComplaintView,
  ConcludeComplaintRequest,
  CreditComplaintSubjects,
  ListComplaintsRequest,
  type Page,
  SubmitComplaintRequest,
} from '@mi/contracts';
import { ComplaintService } from './complaint.service';

/** 举报 — request/reply handlers. */
@Controller()
export class ComplaintHandlers {
  constructor(private readonly complaints: ComplaintService) {}

  @MessagePattern(CreditComplaintSubjects.submit)
  submit(@Payload() req: SubmitComplaintRequest): Promise<ComplaintView> {
    return this.complaints.submit(req);
  }

  @MessagePattern(CreditComplaintSubjects.list)
  list(@Payload() req: ListComplaintsRequest): Promise<Page<ComplaintView>> {
    return this.complaints.list(req);
  }

  @MessagePattern(CreditComplaintSubjects.get)
  get(@Payload() req: ComplaintIdRequest): Promise<ComplaintView> {
    return this.complaints.get(req.id);
  }

  @MessagePattern(CreditComplaintSubjects.conclude)
  conclude(@Payload() req: ConcludeComplaintRequest): Promise<ComplaintView> {
    return this.complaints.conclude(req);
  }
}
