import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type InventoryUploadReply, InventoryUploadRequest, InventorySubjects, type Page, type StockLineView, StockQueryRequest } from '@mi/contracts';
import { InventoryService } from './inventory.service';

/** 进销存 — 35xx uploads from HIS callers and the stock view for officers. */
@Controller()
export class InventoryHandlers {
  constructor(private readonly inventory: InventoryService) {}

  @MessagePattern(InventorySubjects.upload)
  upload(@Payload() req: InventoryUploadRequest): Promise<InventoryUploadReply> {
    return this.inventory.upload(req);
  }

  @MessagePattern(InventorySubjects.stock)
  stock(@Payload() req: StockQueryRequest): Promise<Page<StockLineView>> {
    return this.inventory.stock(req);
  }
}
