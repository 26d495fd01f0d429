import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { AnomalyService } from './anomaly/anomaly.service';
import { ClaimSettledDetection } from './anomaly/claim-settled.consumer';
import { InventoryHandlers } from './inventory/inventory.handlers';
import { InventoryService } from './inventory/inventory.service';
import { KbHandlers } from './kb.handlers';
import { KnowledgeService } from './knowledge/knowledge.service';
import { persistence } from './persistence';
import { RuleBookService } from './rules/rule-book.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [KbHandlers, InventoryHandlers],
  providers: [KnowledgeService, RuleBookService, AnomalyService, ClaimSettledDetection, InventoryService],
})
export class AppModule {}
