import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { setListHeaders } from '../common/list-query';
import { BouquetService } from './bouquet.service';

/**
 * The "bouquet de services spécifique émergence" (seed 001): the campaign's catalogue (`services`), the allocations
 * to phase-1 lauréats and their follow-up (`service-allocations`), and the phase-2 convention of a dossier.
 * Bodies are checked by the service (French messages per field), hence `unknown` here.
 */
@ApiTags('bouquet')
@ApiBearerAuth()
@Controller()
export class BouquetController {
  constructor(private readonly bouquet: BouquetService) {}

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('services')
  async listServices(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.bouquet.listServices(query);
    setListHeaders(res, 'services', offset, rows.length, total);
    return rows;
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('services/:id')
  getService(@Param('id') id: string) {
    return this.bouquet.getService(id);
  }

  @Roles('instructeur', 'admin')
  @Post('services')
  createService(@Body() body: Record<string, unknown>) {
    return this.bouquet.createService(body);
  }

  @Roles('instructeur', 'admin')
  @Put('services/:id')
  updateService(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.bouquet.updateService(id, body);
  }

  @Roles('instructeur', 'admin')
  @Delete('services/:id')
  deleteService(@Param('id') id: string) {
    return this.bouquet.deleteService(id);
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('service-allocations')
  async listAllocations(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.bouquet.listAllocations(query);
    setListHeaders(res, 'service-allocations', offset, rows.length, total);
    return rows;
  }

  /** Bulk: `{serviceIds, dossierIds}` → `{created, skipped}`; all or nothing. */
  @Roles('instructeur')
  @Post('service-allocations/bulk')
  allocate(@CurrentUser() user: AuthUser, @Body() body: Record<string, unknown>) {
    return this.bouquet.allocate(user, body);
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('service-allocations/:id')
  getAllocation(@Param('id') id: string) {
    return this.bouquet.getAllocation(id);
  }

  @Roles('instructeur')
  @Put('service-allocations/:id')
  updateAllocation(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.bouquet.updateAllocation(id, body);
  }

  @Roles('instructeur')
  @Delete('service-allocations/:id')
  deleteAllocation(@Param('id') id: string) {
    return this.bouquet.deleteAllocation(id);
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('dossiers/:id/convention')
  getConvention(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.bouquet.getConvention(user, id);
  }

  @Roles('instructeur', 'admin')
  @Put('dossiers/:id/convention')
  putConvention(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.bouquet.putConvention(user, id, body);
  }
}
